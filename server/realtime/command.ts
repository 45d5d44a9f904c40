import { COMMAND_ROLES, commandSchemas, type CommandName, type ParsedCommand } from '../../protocol/commands';
import { badRequestOf, refused, type ErrorBody } from '../../protocol/errors';
import type { Ack } from '../../protocol/views';
import type { HallCommand, HallEvent } from '../domain/events';
import type { Projected } from '../store/hall-store';
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

export type Planner<C extends CommandName, R> = (payload: ParsedCommand<C>, identity: Identity, deps: RealtimeDeps) => Plan<R>;

/**
 * Registers one command on a socket: role check → parse → plan → execute (decide, commit, answer) → ack.
 * Broadcasts follow from the hall's commit listener. Any unexpected exception is logged and answered as
 * INTERNAL; its text never reaches the terminal.
 */
export function onCommand<C extends CommandName, R extends object>(
  socket: HallSocket,
  deps: RealtimeDeps,
  name: C,
  planner: Planner<C, R>,
): void {
  const handler = (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack) => void) : () => undefined;
    const identity = socket.data.identity;
    try {
      if (!COMMAND_ROLES[name].includes(identity.role)) {
        reply(refused('FORBIDDEN', `${identity.role} 不能执行 ${name}`));
        return;
      }
      const parsed = commandSchemas[name].safeParse(payload ?? {});
      if (!parsed.success) {
        reply({ ok: false, error: badRequestOf(parsed.error) });
        return;
      }
      const plan = planner(parsed.data as ParsedCommand<C>, identity, deps);
      if ('error' in plan) {
        reply({ ok: false, error: plan.error });
        return;
      }
      if ('perform' in plan) {
        plan.perform().then(
          (result) => reply(result.ok ? ({ ok: true, ...result.response } as Ack) : { ok: false, error: result.error }),
          (err: unknown) => {
            deps.logger.error({ err, command: name, role: identity.role }, 'command failed');
            reply(refused('INTERNAL'));
          },
        );
        return;
      }
      const requestId = (parsed.data as { requestId?: string }).requestId ?? null;
      const actor = identity.staffId ? `staff:${identity.staffId}` : `device:${identity.deviceId}`;
      const result = deps.hall.execute(actor, plan.command, requestId, plan.respond);
      reply(result.ok ? ({ ok: true, ...result.response } as Ack) : { ok: false, error: result.error });
    } catch (err) {
      deps.logger.error({ err, command: name, role: identity.role }, 'command failed');
      reply(refused('INTERNAL'));
    }
  };
  (socket as unknown as { on(ev: string, fn: (p: unknown, a: unknown) => void): void }).on(name, handler);
}
