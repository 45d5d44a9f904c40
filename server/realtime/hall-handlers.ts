import { commandSchemas } from '../../protocol/commands';
import { refusal, refused } from '../../protocol/errors';
import { businessDateOf } from '../../protocol/business-date';
import { admit, argumentsOf, commandTime, onCommand } from './command';
import type { HallSocket, RealtimeDeps } from './context';
import { snapshotFor } from './snapshots';

/** Evaluation pads, the business day, and resync. */
export function registerHallHandlers(socket: HallSocket, deps: RealtimeDeps): void {
  onCommand(socket, deps, 'evaluation:submit', (p, identity) => {
    if (!identity.windowId) return { error: refusal('FORBIDDEN', '评价器未绑定窗口') };
    return {
      command: { type: 'evaluation.submit', windowId: identity.windowId, ticketId: p.ticketId, level: p.level, comment: p.comment },
      respond: (_projected, events) => {
        const e = events.find((x) => x.type === 'EvaluationSubmitted');
        return { caseIds: e && e.type === 'EvaluationSubmitted' ? e.caseIds : [], at: commandTime(events) };
      },
    };
  });

  onCommand(socket, deps, 'day:open', (p, _identity, d) => ({
    command: { type: 'day.open', businessDate: p.businessDate ?? businessDateOf(d.hall.clock.now()) },
    respond: () => ({}),
  }));

  onCommand(socket, deps, 'day:close', (p) => ({ command: { type: 'day.close', reason: p.reason }, respond: () => ({}) }));
}

/** Every role, displays included, may ask for a fresh snapshot. */
export function registerResync(socket: HallSocket, deps: RealtimeDeps): void {
  // Not a change: a terminal that saw a gap in seq asks for a fresh snapshot.
  // The ack may be missing (an old terminal emits without one): then the snapshot comes as a push.
  socket.on('hall:resync', (first?: unknown, second?: unknown) => {
    const { payload, ack } = argumentsOf<'hall:resync'>(first, second);
    // A snapshot carries the hall's state: only for a socket still signed in, and within its rate.
    const refusedBy = admit(socket, deps);
    if (refusedBy) {
      ack?.({ ok: false, error: refusedBy });
      return;
    }
    // No payload is fine (an old terminal); one that is there must be an object, like every command's.
    if (payload !== undefined && !commandSchemas['hall:resync'].safeParse(payload).success) {
      ack?.(refused('BAD_REQUEST', 'hall:resync: 请求内容应为对象'));
      return;
    }
    const snapshot = snapshotFor(socket.data.identity, deps, deps.hall.clock.now());
    if (typeof ack === 'function') ack({ ok: true, seq: snapshot.seq, snapshot });
    else socket.emit('hall:snapshot', snapshot);
  });
}
