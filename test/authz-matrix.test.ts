import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROLES, ROLES, type CommandName, type Role } from '../protocol/commands';
import type { PrinterStatus } from '../protocol/print';
import { authorizationTable, documentedMatrix, SCOPES, SECURITY_DOC } from '../scripts/authz-docs';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * The authorization matrix (docs/security.md, generated from COMMAND_ROLES and the commands' scopes),
 * driven over real sockets: every role × every command × its own target and, where the command names
 * one, a foreign target (another window's ticket, another kiosk's ticket, another window's case).
 */
const READY: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, error: null, checkedAt: '2026-11-24T01:00:00.000Z' };

let hall: TestHall;
const clock = new FakeClock();
const s = {} as Record<Role | 'kiosk2' | 'lina' | 'manager', Socket>;
/** The window each staff socket holds. */
const OWN_WINDOW: Partial<Record<Role, string>> = { clerk: 'w01', admin: 'w03' };

beforeAll(async () => {
  hall = await startTestHall({ clock, printing: { pollMs: 0, createPrinter: () => ({ print: async () => ({ ok: true, status: READY }), status: async () => READY }) } });
  const admin = await hall.login('admin', 'admin1234');
  s.kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
  s.kiosk2 = (await hall.terminal(TOKENS.kiosk2)).socket;
  s.display = (await hall.terminal(TOKENS.display)).socket;
  s.eval = (await hall.terminal(TOKENS.evalW01)).socket;
  s.clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
  s.lina = (await hall.terminal(await hall.login('lina'))).socket;
  s.admin = (await hall.terminal(admin)).socket;
  s.manager = (await hall.terminal(await hall.login('admin', 'admin1234'))).socket;
});
afterAll(async () => {
  await hall.stop();
});

async function must(socket: Socket, name: CommandName, payload: object): Promise<any> {
  const a = await send(socket, name, payload as never);
  if (!a.ok) throw new Error(`setup ${name}: ${a.error.code} ${a.error.message}`);
  return a;
}
const state = () => hall.server.hall.state;

/** Back to: day open, zhangwei at w01, lina at w02, admin at w03, each open and free. */
async function restore(): Promise<void> {
  if (!state().dayOpen) await must(s.manager, 'day:open', {});
  for (const [socket, win] of [[s.clerk, 'w01'], [s.lina, 'w02'], [s.admin, 'w03']] as const) {
    const w = state().windows.get(win)!;
    if (w.currentTicketId) await must(s.manager, 'ticket:cancel', { ticketId: w.currentTicketId, reason: '复位' });
    if (w.status === 'paused') await must(socket, 'window:resume', {});
    if (w.status === 'closed') await must(socket, 'window:signIn', { windowId: win });
  }
}

async function take(kiosk: Socket = s.kiosk): Promise<string> {
  return (await must(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ticket.id;
}
async function calledAt(socket: Socket, win: string): Promise<string> {
  await take();
  await must(socket, 'window:callNext', {});
  return state().windows.get(win)!.currentTicketId!;
}
async function recalled(socket: Socket, id: string): Promise<void> {
  clock.advance(20_000); // past the recall cooldown
  await must(socket, 'ticket:recall', { ticketId: id });
}
async function completedAt(socket: Socket, win: string): Promise<string> {
  const id = await calledAt(socket, win);
  await must(socket, 'ticket:complete', { ticketId: id, outcome: 'done', serviceIds: ['svc-sscard'] });
  return id;
}

type Side = 'own' | 'foreign';
/** A payload for a role's own target or a foreign one, set up in the hall first. */
async function payloadFor(command: CommandName, role: Role, side: Side): Promise<object> {
  const me = s[role];
  const win = OWN_WINDOW[role] ?? 'w01';
  const atWindow = () => (side === 'own' ? calledAt(me, win) : calledAt(s.lina, 'w02'));
  switch (command) {
    case 'window:signIn':
      return { windowId: side === 'own' ? win : 'w02' };
    case 'window:signOut':
    case 'window:pause':
      return command === 'window:pause' ? { reason: 'break' } : {};
    case 'window:resume':
      await must(me, 'window:pause', { reason: 'break' });
      return {};
    case 'window:callNext':
      await take();
      return {};
    case 'window:callTicket': {
      if (side === 'own') return { ticketId: await take(), reason: 'green_channel' };
      // A ticket transferred to another window: only that window may call it.
      const id = await calledAt(s.lina, 'w02');
      await must(s.lina, 'ticket:transfer', { ticketId: id, windowId: 'w04', acceptUnstaffed: true });
      return { ticketId: id, reason: 'green_channel' };
    }
    case 'ticket:take':
      return { serviceIds: ['svc-sscard'] };
    case 'ticket:print':
      return { ticketId: await take(me) };
    case 'ticket:recall': {
      const id = await atWindow();
      clock.advance(20_000); // past the recall cooldown
      return { ticketId: id };
    }
    case 'ticket:start':
      return { ticketId: await atWindow() };
    case 'ticket:noShow': {
      const id = await atWindow();
      await recalled(side === 'own' ? me : s.lina, id);
      return { ticketId: id };
    }
    case 'ticket:return': {
      const id = await calledAt(s.lina, 'w02');
      await recalled(s.lina, id);
      await must(s.lina, 'ticket:noShow', { ticketId: id });
      return { ticketId: id };
    }
    case 'ticket:cancel':
      if (role === 'kiosk') return { ticketId: await take(side === 'own' ? s.kiosk : s.kiosk2) };
      if (role === 'admin' && side === 'own') return { ticketId: await take(), reason: '测试取消' };
      return { ticketId: await atWindow(), reason: '测试取消' };
    case 'ticket:complete':
      return { ticketId: await atWindow(), outcome: 'done', serviceIds: ['svc-sscard'] };
    case 'ticket:transfer':
      // Window 5 is not staffed: the clerk confirms it (else TRANSFER_TARGET_UNSTAFFED, which is not about who may).
      return { ticketId: await atWindow(), windowId: 'w05', acceptUnstaffed: true };
    case 'ticket:reassign':
      // To window 1, staffed (a target nobody staffs is REASSIGN_TARGET_UNSTAFFED, which is not about who may).
      return { ticketId: await take(), windowId: 'w01', reason: '测试改派' };
    case 'evaluation:submit':
      return { ticketId: side === 'own' ? await completedAt(s.clerk, 'w01') : await completedAt(s.lina, 'w02'), level: 5 };
    case 'day:open':
      await must(s.manager, 'day:close', { reason: '测试' });
      return {};
    case 'day:close':
      return { reason: '测试' };
    case 'hall:resync':
      return {};
  }
}

/** A well-formed payload for a role the table refuses (refused before the payload is looked at). */
const SAMPLE = { ticketId: 'ticket-sample', windowId: 'w05', reason: 'break', serviceIds: ['svc-sscard'], outcome: 'done', level: 5 };

describe('authorization matrix', () => {
  it('is documented in docs/security.md exactly as generated from the role table (npx tsx scripts/authz-docs.ts)', () => {
    expect(documentedMatrix(readFileSync(SECURITY_DOC, 'utf8'))).toBe(authorizationTable());
  });

  const commands = Object.keys(COMMAND_ROLES) as CommandName[];
  it.each(commands)('%s: every role, own and foreign target, answered as the matrix says', async (command) => {
    for (const role of ROLES) {
      await restore();
      const seq = hall.server.hall.seq;
      if (!COMMAND_ROLES[command].includes(role)) {
        const answer = await send(s[role], command, SAMPLE as never);
        expect(answer, `${role} ${command}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(hall.server.hall.seq).toBe(seq);
        continue;
      }
      const own = await send(s[role], command, (await payloadFor(command, role, 'own')) as never);
      expect(own, `${role} ${command} own`).toMatchObject({ ok: true });
      const foreign = SCOPES[command].foreign?.[role];
      if (!foreign) continue;
      await restore();
      const payload = await payloadFor(command, role, 'foreign');
      const before = hall.server.hall.seq;
      const answer = await send(s[role], command, payload as never);
      if (foreign === 'ok') expect(answer, `${role} ${command} foreign`).toMatchObject({ ok: true });
      else {
        expect(answer, `${role} ${command} foreign`).toMatchObject({ ok: false, error: { code: foreign } });
        expect(hall.server.hall.seq).toBe(before);
      }
    }
  });
});
