import { describe, expect, it } from 'vitest';
import { ephemeralKeys } from '../auth/keys';
import type { Ticket } from '../domain/types';
import { openDatabase } from '../store/database';
import { NOTIFY_MIGRATIONS } from './migrations';
import { SendError, type SmsMessage, type SmsPort } from './port';
import { createNotifier } from './service';

/** A gateway port the test scripts: each call takes the next outcome (default: taken). */
function scriptedPort(outcomes: (null | SendError)[] = []) {
  const sent: SmsMessage[] = [];
  let calls = 0;
  const port: SmsPort = {
    name: 'scripted',
    async send(m) {
      calls++;
      const o = outcomes.shift();
      if (o) throw o;
      sent.push(m);
    },
  };
  return { port, sent, calls: () => calls };
}

function setup(port: SmsPort, opts: { maxAttempts?: number; enabled?: boolean } = {}) {
  const db = openDatabase(':memory:', NOTIFY_MIGRATIONS);
  const keys = ephemeralKeys();
  let now = 1_000_000;
  const clock = { now: () => now };
  const notifier = createNotifier({
    db,
    keys,
    config: { maxAttempts: opts.maxAttempts ?? 3, backoffBaseMs: 1000, backoffCapMs: 60_000 },
    settings: () => ({ enabled: opts.enabled ?? true, aheadThreshold: 5 }),
    port,
    clock,
    random: () => 1,
  });
  const ticket = { id: 't1', number: 'A008', businessDate: '2026-11-24' } as Ticket;
  const queue = (text = '请 A008 号到 1 号窗口办理。') =>
    db.prepare("INSERT INTO notify_outbox (ticket_id, ticket_number, kind, text, created_at, next_attempt_at) VALUES ('t1', 'A008', 'call', ?, ?, ?)").run(text, now, now);
  return { db, keys, notifier, ticket, queue, advance: (ms: number) => (now += ms), clock };
}

describe('the notifier sender', () => {
  it('sends a queued message to the number kept for its ticket, which is stored only sealed', async () => {
    const gw = scriptedPort();
    const { db, notifier, ticket, queue } = setup(gw.port);
    notifier.registerContact(ticket, '13812345678', 7);
    expect(JSON.stringify(db.prepare('SELECT * FROM notify_contacts').all())).not.toContain('13812345678');
    queue();
    expect(await notifier.drainNow()).toBe(1);
    expect(gw.sent).toEqual([{ id: 'yc-1', phone: '13812345678', text: '请 A008 号到 1 号窗口办理。' }]);
    expect(notifier.status()).toMatchObject({ backlog: 0, sent: 1, deadLetters: 0, contacts: 1 });
  });

  it('retries with a doubling backoff and makes a dead letter after the last attempt', async () => {
    const fail = () => new SendError('HTTP_503', '短信网关拒绝: HTTP 503');
    const gw = scriptedPort([fail(), fail(), fail()]);
    const { notifier, ticket, queue, advance } = setup(gw.port, { maxAttempts: 3 });
    notifier.registerContact(ticket, '13812345678', 7);
    queue();
    await notifier.drainNow();
    expect(gw.calls()).toBe(1);
    await notifier.drainNow(); // not due yet: nothing is tried
    expect(gw.calls()).toBe(1);
    advance(1000);
    await notifier.drainNow();
    expect(gw.calls()).toBe(2);
    advance(1999);
    await notifier.drainNow(); // the second delay is twice the first
    expect(gw.calls()).toBe(2);
    advance(1);
    await notifier.drainNow();
    expect(gw.calls()).toBe(3);
    advance(3_600_000);
    await notifier.drainNow();
    expect(gw.calls()).toBe(3);
    const s = notifier.status();
    expect(s).toMatchObject({ backlog: 0, deadLetters: 1, lastError: { code: 'HTTP_503' } });
    expect(s.recentDeadLetters[0]).toMatchObject({ ticketNumber: 'A008', kind: 'call', attempts: 3, lastError: 'HTTP_503: 短信网关拒绝: HTTP 503' });
    expect(JSON.stringify(s)).not.toContain('13812345678');
  });

  it('makes a dead letter at once when the gateway refuses the message for good', async () => {
    const gw = scriptedPort([new SendError('HTTP_400', 'bad', true)]);
    const { notifier, ticket, queue } = setup(gw.port);
    notifier.registerContact(ticket, '13812345678', 7);
    queue();
    await notifier.drainNow();
    expect(notifier.status()).toMatchObject({ deadLetters: 1, backlog: 0 });
  });

  it('drops a message whose ticket has ended (its number is gone) without calling the gateway', async () => {
    const gw = scriptedPort();
    const { notifier, queue, db } = setup(gw.port);
    queue();
    await notifier.drainNow();
    expect(gw.calls()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM notify_outbox').get()).toEqual({ n: 0 });
  });

  it('makes a dead letter of a number sealed under another key (a replaced key file), naming why', async () => {
    const gw = scriptedPort();
    const { notifier, ticket, queue, db } = setup(gw.port);
    notifier.registerContact(ticket, '13812345678', 7);
    db.prepare("UPDATE notify_contacts SET phone_sealed = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'").run();
    queue();
    await notifier.drainNow();
    expect(gw.calls()).toBe(0);
    expect(notifier.status().recentDeadLetters[0]?.lastError).toContain('KEY_CHANGED');
  });

  it('keeps no number when notices are switched off, and a gateway-less hall keeps none either', () => {
    const off = setup(scriptedPort().port, { enabled: false });
    off.notifier.registerContact(off.ticket, '13812345678', 7);
    expect(off.notifier.status()).toMatchObject({ enabled: false, contacts: 0 });
    const db = openDatabase(':memory:', NOTIFY_MIGRATIONS);
    const none = createNotifier({ db, keys: ephemeralKeys(), config: {}, settings: () => ({ enabled: true, aheadThreshold: 5 }) });
    none.registerContact(off.ticket, '13812345678', 7);
    expect(none.status()).toMatchObject({ configured: false, enabled: false, adapter: 'none', contacts: 0 });
  });
});
