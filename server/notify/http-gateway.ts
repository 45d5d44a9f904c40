import { createHmac } from 'node:crypto';
import { SendError, type SmsMessage, type SmsPort } from './port';

/** The header that carries `sha256=<hex HMAC-SHA256 of the body under the shared secret>`. */
export const SIGNATURE_HEADER = 'x-yichuang-signature';

export interface HttpGatewayOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The signature a gateway checks: HMAC-SHA256 of the exact body bytes, hex. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * An HTTP SMS gateway: `POST url` with `{ id, to, text, sentAt }` as JSON, signed in `x-yichuang-signature`.
 * 2xx = taken. 4xx (but 408, 425 and 429) = the gateway refuses this message for good: a dead letter at
 * once. Anything else, a timeout or a network error = try again later. The whole exchange, the answer's
 * body included, is under one deadline, so a gateway that hangs costs `timeoutMs` and no more.
 */
export function createHttpGateway(opts: HttpGatewayOptions): SmsPort {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  return {
    name: 'http',
    async send(m: SmsMessage): Promise<void> {
      const body = JSON.stringify({ id: m.id, to: m.phone, text: m.text, sentAt: new Date(now()).toISOString() });
      let status: number;
      try {
        const signal = AbortSignal.timeout(opts.timeoutMs);
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signBody(body, opts.secret) },
          body,
          signal,
        });
        await res.arrayBuffer();
        status = res.status;
      } catch (e) {
        const err = e as { name?: string; cause?: { code?: string } };
        if (err?.name === 'TimeoutError' || err?.name === 'AbortError') throw new SendError('TIMEOUT', '短信网关响应超时');
        // The cause (ECONNREFUSED ...) names the trouble without echoing anything of the message.
        throw new SendError('NETWORK', `无法连接短信网关: ${err?.cause?.code ?? err?.name ?? 'error'}`);
      }
      if (status >= 200 && status < 300) return;
      const permanent = status >= 400 && status < 500 && ![408, 425, 429].includes(status);
      throw new SendError(`HTTP_${status}`, `短信网关拒绝: HTTP ${status}`, permanent);
    },
  };
}
