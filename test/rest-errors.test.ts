import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../protocol/errors';
import { startTestHall, type TestHall } from './helpers/hall';

/**
 * One error shape on every REST refusal (issue 11): fastify's own refusals (unknown address, content
 * type, body too large, bad JSON) and a fuzz of the documented routes with bad bodies and parameters.
 * Each answer is `{ ok: true, ... }` or `{ ok: false, error: { code, message } }` with a catalogued code,
 * never INTERNAL, never a 500.
 */
let hall: TestHall;
let adminToken: string;
beforeAll(async () => {
  hall = await startTestHall();
  adminToken = await hall.login('admin', 'admin1234');
});
afterAll(async () => {
  await hall.stop();
});

async function call(method: string, route: string, body?: string, contentType?: string, token?: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${hall.server.url}${route}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, text: await res.text() };
}

/** Asserts the one shape; answers the parsed body. */
function expectShape(r: { status: number; text: string }): { ok: boolean; error?: { code: string; message: string } } {
  const body = JSON.parse(r.text) as { ok: boolean; error?: { code: string; message: string } };
  expect(r.status, r.text).toBeLessThan(500);
  if (r.status >= 400) {
    // The admin console's refusals may list the fields at fault (`issues`, docs/admin.md) beside the two.
    const { issues, ...error } = body.error as { code: string; message: string; issues?: unknown };
    expect({ ...body, error }, r.text).toEqual({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    if (issues !== undefined) expect(Array.isArray(issues)).toBe(true);
    expect(isErrorCode(body.error!.code), r.text).toBe(true);
    expect(body.error!.code).not.toBe('INTERNAL');
  } else {
    expect(body.ok, r.text).toBe(true);
  }
  expect(r.text).not.toMatch(/FST_|SQLITE|Unexpected token|statusCode/);
  return body;
}

describe('fastify refusals in the one shape', () => {
  it.each([
    ['an unknown address', 'GET', '/api/no-such-thing', undefined, undefined, 404, 'NOT_FOUND'],
    ['an unknown admin address', 'GET', '/api/admin/no-such-thing', undefined, undefined, 404, 'NOT_FOUND'],
    ['a content type no route takes', 'POST', '/api/login', '<xml/>', 'application/xml', 415, 'BAD_REQUEST'],
    ['malformed JSON', 'POST', '/api/login', '{"username":', 'application/json', 400, 'BAD_REQUEST'],
    ['an empty JSON body', 'POST', '/api/login', '', 'application/json', 400, 'BAD_REQUEST'],
    ['a body past the limit', 'POST', '/api/login', JSON.stringify({ username: 'x'.repeat(1_100_000) }), 'application/json', 413, 'BAD_REQUEST'],
  ])('answers %s as { ok:false, error }', async (_what, method, route, body, type, status, code) => {
    const r = await call(method, route, body, type);
    expect(r.status).toBe(status);
    expect(expectShape(r).error!.code).toBe(code);
  });

  it('answers admin routes with bad JSON in the same shape', async () => {
    const r = await call('PUT', '/api/admin/settings', '{nope', 'application/json', adminToken);
    expect(r.status).toBe(400);
    expectShape(r);
  });
});

/** Documented routes with the parameters they take (`:x` filled by the fuzz). */
const ROUTES: { method: string; route: string; admin?: boolean }[] = [
  { method: 'POST', route: '/api/login' },
  { method: 'POST', route: '/api/logout' },
  { method: 'GET', route: '/api/tickets/:x' },
  { method: 'POST', route: '/api/appointments', admin: true },
  { method: 'GET', route: '/api/events?after=:x&limit=:x', admin: true },
  { method: 'PUT', route: '/api/admin/settings', admin: true },
  { method: 'PUT', route: '/api/admin/config', admin: true },
  { method: 'PUT', route: '/api/admin/hall', admin: true },
  { method: 'PUT', route: '/api/admin/calendar/days/:x', admin: true },
  { method: 'PUT', route: '/api/admin/calendar/overrides/:x', admin: true },
  { method: 'POST', route: '/api/admin/day/open', admin: true },
  { method: 'POST', route: '/api/admin/day/close', admin: true },
  { method: 'POST', route: '/api/admin/staff', admin: true },
  { method: 'PUT', route: '/api/admin/staff/:x', admin: true },
  { method: 'POST', route: '/api/admin/devices', admin: true },
  { method: 'PUT', route: '/api/admin/devices/:x', admin: true },
  { method: 'PUT', route: '/api/admin/catalog/:x/:x', admin: true },
  { method: 'POST', route: '/api/admin/webhooks', admin: true },
  { method: 'GET', route: '/api/admin/reports?from=:x&to=:x', admin: true },
];

const param = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('2026-11-24', '2026-13-45', 'services', 'svc-sscard', '%00', '..', 'constructor', '__proto__', '-1', '1e309'));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.record({ businessDate: param, reason: fc.string(), username: fc.string(), password: fc.string(), followUp: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 80 }),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined);

describe('REST fuzz of the documented routes', () => {
  it('answers every bad body and parameter in the one shape, never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), param, param, body, contentType, fc.boolean(), async (r, p1, p2, b, type, withToken) => {
        let n = 0;
        const route = r.route.replace(/:x/g, () => encodeURIComponent(n++ === 0 ? p1 : p2));
        const res = await call(r.method, route, r.method === 'GET' ? undefined : b, r.method === 'GET' ? undefined : type, r.admin && withToken ? adminToken : undefined);
        expectShape(res);
      }),
      { numRuns: 300 },
    );
  });
});
