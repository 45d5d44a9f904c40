import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROLES, commandSchemas, ROLES, type CommandName, type Role } from '../protocol/commands';
import { isErrorCode } from '../protocol/errors';
import { rid, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * The socket fuzz (issue 11): generated bad payloads at every command of the protocol catalogue, from
 * every role, over a real socket. Each gets a refusal with a catalogued code (never INTERNAL), and the
 * hall is unchanged: the same seq, the same rows.
 */
let hall: TestHall;
const sockets = {} as Record<Role, Socket>;

beforeAll(async () => {
  hall = await startTestHall();
  sockets.kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
  sockets.display = (await hall.terminal(TOKENS.display)).socket;
  sockets.eval = (await hall.terminal(TOKENS.evalW01)).socket;
  sockets.clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
  sockets.admin = (await hall.terminal(await hall.login('admin', 'admin1234'))).socket;
  // Something to aim at: a clerk at a window with a called ticket, and tickets waiting.
  await send(sockets.clerk, 'window:signIn', { windowId: 'w01' });
  for (let i = 0; i < 3; i++) await send(sockets.kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
  await send(sockets.clerk, 'window:callNext', {});
});
afterAll(async () => {
  await hall.stop();
});

/** Everything a refused command must leave as it was. */
function digest(): string {
  const db = hall.server.db;
  const rows = (sql: string) => JSON.stringify(db.prepare(sql).all());
  return [
    hall.server.hall.seq,
    rows('SELECT COUNT(*) AS n FROM requests'),
    rows('SELECT id, state, window_id FROM tickets ORDER BY id'),
    rows('SELECT window_id, doc FROM windows_state ORDER BY window_id'),
    rows('SELECT * FROM hall_day'),
  ].join('\n');
}

/** A well-formed payload of each command, which the fuzz breaks one field at a time. */
const BASE: Record<CommandName, Record<string, unknown>> = {
  'window:signIn': { windowId: 'w02' },
  'window:signOut': {},
  'window:callNext': {},
  'window:callTicket': { ticketId: 'x', reason: 'other', note: 'n' },
  'window:pause': { reason: 'break' },
  'window:resume': {},
  'ticket:take': { serviceIds: ['svc-sscard'] },
  'ticket:print': { ticketId: 'x' },
  'ticket:recall': { ticketId: 'x' },
  'ticket:start': { ticketId: 'x' },
  'ticket:noShow': { ticketId: 'x' },
  'ticket:return': { ticketId: 'x' },
  'ticket:cancel': { ticketId: 'x', reason: 'r' },
  'ticket:complete': { ticketId: 'x', outcome: 'done', serviceIds: ['svc-sscard'] },
  'ticket:transfer': { ticketId: 'x', windowId: 'w02' },
  'ticket:reassign': { ticketId: 'x', windowId: 'w02', reason: '改派原因' },
  'evaluation:submit': { ticketId: 'x', level: 5 },
  'day:open': {},
  'day:close': { reason: 'r' },
  'hall:resync': {},
};

const commands = Object.keys(commandSchemas) as CommandName[];
const json = fc.jsonValue({ maxDepth: 3 });
/** A payload the command's schema refuses: anything at all, or a good one with one field broken or gone. */
const badPayload = (command: CommandName) =>
  fc
    .oneof(
      json,
      fc.record({ key: fc.constantFrom('requestId', ...Object.keys(BASE[command]), 'constructor'), value: fc.option(json, { nil: undefined }) }).map(({ key, value }) => {
        const p: Record<string, unknown> = { requestId: rid(), ...BASE[command] };
        if (value === undefined) delete p[key];
        else p[key] = value;
        return p;
      }),
    )
    .filter((p) => !commandSchemas[command].safeParse(p).success);

describe('socket fuzz', () => {
  it('refuses every bad payload of every command, from every role, with a catalogued code and no change', async () => {
    const before = digest();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commands).chain((command) => fc.tuple(fc.constant(command), fc.constantFrom(...ROLES), badPayload(command))),
        async ([command, role, payload]) => {
          const answer = (await sockets[role].timeout(5000).emitWithAck(command, payload)) as { ok: boolean; error?: { code: string } };
          expect(answer.ok, JSON.stringify({ command, role, payload, answer })).toBe(false);
          expect(isErrorCode(answer.error?.code)).toBe(true);
          expect(answer.error!.code).not.toBe('INTERNAL');
          // A role the table refuses is FORBIDDEN whatever it sends; an allowed one gets BAD_REQUEST.
          expect(answer.error!.code).toBe(COMMAND_ROLES[command].includes(role) ? 'BAD_REQUEST' : 'FORBIDDEN');
          expect(digest()).toBe(before);
        },
      ),
      { numRuns: 400 },
    );
    expect(digest()).toBe(before);
  });
});
