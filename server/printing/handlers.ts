/**
 * `ticket:print` on the socket: a kiosk asks the hall server to print a ticket on the kiosk's network
 * printer. An ordinary command of the one pipeline (`server/realtime/command.ts`: role table → zod →
 * plan → ack); only its execution differs, because printing is not a domain event: the print service
 * records the job under its requestId and prints after the commit. Ack `{ ok: true, result: PrintResult }`
 * or a refusal; a printer failure is `ok: true` with `result.ok: false` (the command was carried out,
 * the paper did not come; the kiosk shows the ticket on screen).
 */
import { refusal } from '../../protocol/errors';
import { onCommand } from '../realtime/command';
import type { HallSocket, RealtimeDeps } from '../realtime/context';

/** Registers `ticket:print` (kiosks only, by the role table) on a socket. */
export function registerPrintingHandlers(socket: HallSocket, deps: RealtimeDeps): void {
  onCommand(socket, deps, 'ticket:print', (p, identity, d) => {
    const { printing } = d;
    const deviceId = identity.deviceId;
    if (!printing || !deviceId) return { error: refusal('PRINTER_NOT_CONFIGURED') };
    return {
      perform: async () => {
        const answer = await printing.print(deviceId, p);
        return answer.ok ? { ok: true, response: { result: answer.result } } : answer;
      },
    };
  });
}
