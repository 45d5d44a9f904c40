import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminConfigSchema } from '../../protocol/admin';
import { FakeClock, send, startTestHall, TOKENS, type TestHall, until } from '../../test/helpers/hall';
import { writeAdminConfig } from '../admin/config';
import { listAudit } from '../admin/audit';
import { checkCharacter } from '../domain/id-number';

const DAY = 86_400_000;
const ID = (() => {
  const f = '33010619580302421';
  return f + checkCharacter(f);
})();

describe('the retention job', () => {
  let hall: TestHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock();
    hall = await startTestHall({ clock, retentionEveryMs: 0 });
  });
  afterEach(async () => {
    await hall.stop();
  });

  /** One citizen's visit: ID and phone at the kiosk, served, rated 差评 with a comment. */
  async function visit(): Promise<string> {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const t = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: ID, phone: '13812345678' });
    expect(t.ok).toBe(true);
    const c = await send(clerk, 'window:callNext', {});
    expect((await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] })).ok).toBe(true);
    expect((await send(pad, 'evaluation:submit', { ticketId: c.ticket.id, level: 1, comment: '工作人员张三态度差，我的电话13900001111' })).ok).toBe(true);
    await hall.server.admin.tick();
    await until(() => (hall.server.db.prepare('SELECT COUNT(*) AS n FROM followups').get() as { n: number }).n === 1);
    return c.ticket.id as string;
  }

  const text = (sql: string) => JSON.stringify(hall.server.db.prepare(sql).all());

  it('purges masked numbers after applicantDays and comments after commentDays, audited, once a day', async () => {
    const ticketId = await visit();
    const db = hall.server.db;
    // A phone number left behind for the ended ticket, and a text message sent long ago.
    db.prepare("INSERT INTO notify_contacts (ticket_id, business_date, phone_sealed, near_sent, created_at) VALUES (?, '2026-11-24', 'v1.x.y.z', 0, 0)").run(ticketId);
    db.prepare("INSERT INTO notify_outbox (ticket_id, ticket_number, kind, text, created_at, next_attempt_at, sent_at) VALUES (?, 'A001', 'call', 'x', ?, ?, ?)").run(ticketId, clock.t, clock.t, clock.t);

    // The same day: only the stray number goes, the rest is within its time.
    const first = hall.server.retention.run();
    expect(first).toMatchObject({ tickets: 0, events: 0, cases: 0, comments: 0, notices: 0, strayContacts: 1 });
    expect(text('SELECT doc FROM tickets')).toContain(`3301**********${ID.slice(14)}`);

    clock.advance(31 * DAY);
    const second = hall.server.retention.runIfDue()!;
    expect(second).toMatchObject({ notices: 1, tickets: 0 }); // notices: 30 days by default
    expect(hall.server.retention.runIfDue()).toBeNull(); // once per business day

    clock.advance(60 * DAY); // 91 days: past applicantDays (90)
    const third = hall.server.retention.runIfDue()!;
    expect(third).toMatchObject({ tickets: 1, events: 1, cases: 1, comments: 0 });
    expect(third.answers).toBeGreaterThanOrEqual(1);
    for (const table of ['tickets', 'events', 'requests', 'cases']) {
      const all = text(`SELECT * FROM ${table}`);
      expect(all.includes(`**${ID.slice(14)}`) || all.includes('****5678'), `${table} still holds a masked number`).toBe(false);
    }
    expect(text('SELECT priority FROM tickets')).toContain('elderly');
    expect(text('SELECT payload FROM events')).toContain('13900001111'); // the comment's time has not come

    // The follow-up is closed; a year on, the comment goes from the log, the case and the follow-up.
    db.prepare("UPDATE followups SET state = 'closed', contact_note = '已电话联系张三', closing_note = '已整改'").run();
    clock.advance(300 * DAY);
    const fourth = hall.server.retention.runIfDue()!;
    expect(fourth.comments).toBe(2);
    expect(fourth.followUps).toBe(1);
    for (const table of ['events', 'cases', 'followups']) expect(text(`SELECT * FROM ${table}`)).not.toMatch(/张三|13900001111/);

    const audit = listAudit(db, { limit: 10, targetKind: 'privacy' });
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({ actorName: '保留期限清理', action: 'privacy.retention' });
    expect(audit[0]!.summary).toContain('按保留期限清理个人数据');
    // The hall comes back from its log and rows as it was.
    expect(() => hall.server.hall.store.replayAll(hall.server.hall.state.catalog)).not.toThrow();
  }, 30_000);

  it('takes its periods from the admin settings', async () => {
    await visit();
    writeAdminConfig(hall.server.db, adminConfigSchema.parse({ retention: { applicantDays: 1, commentDays: 30, noticeDays: 1 } }), clock.t);
    clock.advance(2 * DAY);
    expect(hall.server.retention.runIfDue()).toMatchObject({ tickets: 1, cases: 1, comments: 0 });
    clock.advance(30 * DAY);
    expect(hall.server.retention.runIfDue()).toMatchObject({ comments: 2 });
  }, 30_000);

  it('refuses periods out of range in the settings', () => {
    expect(adminConfigSchema.safeParse({ retention: { applicantDays: 0 } }).success).toBe(false);
    expect(adminConfigSchema.safeParse({ retention: { commentDays: 7 } }).success).toBe(false);
    expect(adminConfigSchema.parse({}).retention).toEqual({ applicantDays: 90, commentDays: 365, noticeDays: 30, callbackDays: 30 });
  });
});
