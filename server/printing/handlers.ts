/**
 * `ticket:print` on the socket: a kiosk asks the hall server to print a ticket on the kiosk's
 * network printer. Payload `{ requestId, ticketId, reprint? }`, ack `{ ok: true, result: PrintResult }`
 * or `{ ok: false, error: { code, message } }`. A printer failure is `ok: true` with `result.ok: false`:
 * the command was carried out, the paper did not come; the kiosk shows the ticket on screen.
 */
import { commandSchemas } from '../../protocol/commands';
import type { HallSocket } from '../realtime/context';
import type { PrintService } from './print-service';

/** The payload of `ticket:print`: the protocol's schema (same requestId rule as every terminal command). */
export const ticketPrintCommandSchema = commandSchemas['ticket:print'];

type Reply = (answer: unknown) => void;

/** Registers `ticket:print` for a kiosk socket. Other roles get FORBIDDEN. */
export function registerPrintingHandlers(socket: HallSocket, service: PrintService, logger: { error(obj: object, msg: string): void }): void {
  const handler = (payload: unknown, ack: unknown) => {
    const reply: Reply = typeof ack === 'function' ? (ack as Reply) : () => undefined;
    const identity = socket.data.identity;
    if (identity.role !== 'kiosk' || !identity.deviceId) {
      reply({ ok: false, error: { code: 'FORBIDDEN', message: '只有取号机可以打印号票' } });
      return;
    }
    const parsed = ticketPrintCommandSchema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      reply({ ok: false, error: { code: 'BAD_REQUEST', message: `${where}${issue?.message ?? '请求格式不正确'}` } });
      return;
    }
    service.print(identity.deviceId, parsed.data).then(reply, (err: unknown) => {
      logger.error({ err, deviceId: identity.deviceId }, 'ticket:print failed');
      reply({ ok: false, error: { code: 'INTERNAL', message: '系统内部错误，请稍后重试' } });
    });
  };
  (socket as unknown as { on(ev: string, fn: (p: unknown, a: unknown) => void): void }).on('ticket:print', handler);
}
