import { COMMAND_ROLES, commandSchemas, type CommandName, type ParsedCommand } from '../../protocol/commands';
import { badRequestOf, refusal, refused, type ErrorBody } from '../../protocol/errors';
import type { AckCallback, CommandResults } from '../../protocol/answers';
import type { ClientToServerEvents } from '../../protocol/pushes';
import type { HallCommand, HallEvent } from '../domain/events';
import { requestKey } from '../hall/hall';
import type { Projected } from '../store/hall-store';
import { stillSignedIn } from './auth';
import { isStorageFailure } from '../store/write-health';
import type { HallSocket, Identity, RealtimeDeps } from './context';

/**
 * What a handler makes of a parsed payload: a domain command and how to answer, a refusal, or (for a
 * command that is not a domain event, i.e. printing) an asynchronous `perform` that is itself repeat-safe
 * by the payload's requestId (it records its answer in the `requests` table as `Hall.execute` does).
 */
export type Plan<R> =
  | { command: HallCommand; respond: (projected: Projected, events: HallEvent[]) => R }
  | { perform: () => Promise<{ ok: true; response: R } | { ok: false; error: ErrorBody }> }
  | { error: ErrorBody };

/** A command's handler: its answer must be the protocol's answer for that command (`CommandResults`). */
export type Planner<C extends CommandName> = (payload: ParsedCommand<C>, identity: Identity, deps: RealtimeDeps) => Plan<CommandResults[C]>;

/**
 * The gate every command passes first. A socket whose session or device token has ended since it
 * connected (logout, expiry, revocation, a deleted account) is refused and closed; a terminal past its
 * rate is refused with RATE_LIMITED, before anything is parsed or written.
 */
export function admit(socket: HallSocket, deps: RealtimeDeps): ErrorBody | null {
  const { identity, credential } = socket.data;
  const now = deps.hall.clock.now();
  if (!stillSignedIn(deps.db, deps.hall.state.catalog, deps.devices(), identity, credential, now)) {
    // After the answer has gone out: the terminal learns why before the socket closes.
    setImmediate(() => socket.disconnect(true));
    return refusal('UNAUTHENTICATED', '登录已结束，请重新登录');
  }
  const limits = deps.rateLimits();
  const [key, limit] =
    credential.kind === 'session'
      ? [`session:${credential.tokenHash}`, { perSecond: limits.staffPerSecond, burst: limits.staffBurst }]
      : [`device:${identity.deviceId}`, { perSecond: limits.devicePerSecond, burst: limits.deviceBurst }];
  // Real time, not the hall's clock: a test hall's clock stands still, a flood does not.
  if (!deps.limiter.take(key, limit, Date.now())) return refusal('RATE_LIMITED', '操作过于频繁，请稍后再试');
  return null;
}

/** When a command took effect: every event of one command carries the same time, the hall's clock at decide. */
export function commandTime(events: readonly HallEvent[]): number {
  const first = events[0];
  if (!first) throw new Error('a command that succeeded caused no event');
  return first.at;
}

/** The payload and the ack of an event, whichever of them the terminal left out. */
export function argumentsOf<C extends CommandName>(first: unknown, second: unknown): { payload: unknown; ack: AckCallback<C> | undefined } {
  if (typeof first === 'function') return { payload: undefined, ack: first as AckCallback<C> };
  return { payload: first, ack: typeof second === 'function' ? (second as AckCallback<C>) : undefined };
}

/**
 * Registers one command on a socket: still signed in → rate limit → role check → parse → plan → submit
 * (decide and commit with the commands of the same turn of the event loop) → ack once on disk.
 * Broadcasts follow from the hall's commit listener. Any unexpected exception is logged and answered as
 * INTERNAL; its text never reaches the terminal.
 */
export function onCommand<C extends CommandName>(socket: HallSocket, deps: RealtimeDeps, name: C, planner: Planner<C>): void {
  // The payload is whatever the terminal sent (parsed below), and the ack may be missing altogether. A
  // terminal that sends no payload at all puts its ack first: it still gets its answer (BAD_REQUEST).
  const handler = (first?: unknown, second?: unknown) => {
    const { payload, ack } = argumentsOf<C>(first, second);
    const reply: AckCallback<C> = ack ?? (() => undefined);
    const identity = socket.data.identity;
    try {
      const refusal = admit(socket, deps);
      if (refusal) {
        reply({ ok: false, error: refusal });
        return;
      }
      if (!COMMAND_ROLES[name].includes(identity.role)) {
        reply(refused('FORBIDDEN', `${identity.role} 不能执行 ${name}`));
        return;
      }
      const parsed = commandSchemas[name].safeParse(payload ?? {});
      if (!parsed.success) {
        reply({ ok: false, error: badRequestOf(parsed.error) });
        return;
      }
      // zod cannot narrow its output for a generic name; the schema is the one of `name`.
      const plan = planner(parsed.data as ParsedCommand<C>, identity, deps);
      if ('error' in plan) {
        reply({ ok: false, error: plan.error });
        return;
      }
      if ('perform' in plan) {
        plan.perform().then(
          (result) => reply(result.ok ? { ok: true, seq: deps.hall.seq, ...result.response } : { ok: false, error: result.error }),
          (err: unknown) => {
            deps.logger.error({ err, command: name, role: identity.role }, 'command failed');
            reply(refused('INTERNAL'));
          },
        );
        return;
      }
      const requestId = (parsed.data as { requestId?: string }).requestId;
      const actor = identity.staffId ? `staff:${identity.staffId}` : `device:${identity.deviceId}`;
      // The id is bound to this command and payload: reused for another, it is refused, not replayed.
      const request = requestId ? requestKey(requestId, parsed.data) : null;
      // Committed with the other commands of this turn of the event loop (one flush to disk for them all),
      // and answered once that is on disk.
      deps.hall.submit(actor, plan.command, request, plan.respond, (settled) => {
        if ('thrown' in settled) return failed(settled.thrown);
        const { result } = settled;
        if (!result.ok) return reply({ ok: false, error: result.error });
        // The seq of the last event this command caused; a repeat (or a command that caused none) answers
        // the current seq: either way, a feed that has reached it holds every event of the command.
        const seq = result.committed.at(-1)?.seq ?? deps.hall.seq;
        reply({ ok: true, seq, ...result.response });
      });
    } catch (err) {
      failed(err);
    }
    function failed(err: unknown): void {
      deps.logger.error({ err, command: name, role: identity.role }, 'command failed');
      // A full or read-only disk is not a bug: the terminal says the hall cannot save, and nothing changed.
      reply(refused(isStorageFailure(err) ? 'UNAVAILABLE' : 'INTERNAL'));
    }
  };
  const listener: ClientToServerEvents[C] = handler;
  // socket.io cannot resolve its listener type for a generic event name; widened to the union of
  // commands, the pair (name, listener) stays checked: `listener` was checked against `name` above.
  const event: CommandName = name;
  const anyListener: ClientToServerEvents[CommandName] = listener;
  socket.on<CommandName>(event, anyListener);
}
