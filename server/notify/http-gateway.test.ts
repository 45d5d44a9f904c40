import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpGateway } from './http-gateway';
import { SendError } from './port';
import { startFakeGateway, type FakeGateway } from './test-support/fake-gateway';

const SECRET = 'test-gateway-secret-0123456789';
const MSG = { id: 'yc-1', phone: '13812345678', text: '西湖区行政服务中心：请 A001 号到 1 号窗口办理。' };

describe('the HTTP SMS gateway adapter', () => {
  let gw: FakeGateway;
  beforeEach(async () => {
    gw = await startFakeGateway(SECRET);
  });
  afterEach(async () => {
    await gw.close();
  });

  it('posts the message signed with HMAC-SHA256 of the body', async () => {
    await createHttpGateway({ url: gw.url, secret: SECRET, timeoutMs: 2000, now: () => Date.parse('2026-11-24T01:00:00Z') }).send(MSG);
    expect(gw.received).toEqual([{ id: 'yc-1', to: '13812345678', text: MSG.text, sentAt: '2026-11-24T01:00:00.000Z' }]);
  });

  it('is refused for good with the wrong secret (the fake checks the signature)', async () => {
    const err = await createHttpGateway({ url: gw.url, secret: 'another-secret-0123456789', timeoutMs: 2000 }).send(MSG).catch((e) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ code: 'HTTP_401', permanent: true });
    expect(gw.received).toEqual([]);
  });

  it('retries later on a 5xx or a 429, and gives up at once on another 4xx', async () => {
    const gateway = createHttpGateway({ url: gw.url, secret: SECRET, timeoutMs: 2000 });
    gw.mode = { status: 503 };
    expect(await gateway.send(MSG).catch((e) => e)).toMatchObject({ code: 'HTTP_503', permanent: false });
    gw.mode = { status: 429 };
    expect(await gateway.send(MSG).catch((e) => e)).toMatchObject({ code: 'HTTP_429', permanent: false });
    gw.mode = { status: 400 };
    expect(await gateway.send(MSG).catch((e) => e)).toMatchObject({ code: 'HTTP_400', permanent: true });
  });

  it('abandons a gateway that hangs after its timeout, as a retryable failure', async () => {
    gw.mode = 'hang';
    const err = await createHttpGateway({ url: gw.url, secret: SECRET, timeoutMs: 200 }).send(MSG).catch((e) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT', permanent: false });
    expect(gw.attempts).toBe(1);
  });

  it('reports a gateway that is not there as a network failure without the message in it', async () => {
    const url = gw.url;
    await gw.close();
    const err = await createHttpGateway({ url, secret: SECRET, timeoutMs: 2000 }).send(MSG).catch((e) => e);
    expect(err).toMatchObject({ code: 'NETWORK', permanent: false });
    expect(String(err.message)).not.toContain('138');
    gw = await startFakeGateway(SECRET);
  });
});
