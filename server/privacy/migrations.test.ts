import { describe, expect, it } from 'vitest';
import { ADMIN_MIGRATIONS } from '../admin/migrations';
import { migrate, openDatabase } from '../store/database';
import { SYNC_MIGRATIONS } from '../sync/migrations';
import { PRIVACY_MIGRATIONS } from './migrations';

const OLD_APPLICANT = { idMasked: '330106********4214', idHash: 'a'.repeat(64), birthDate: '1958-03-02', phoneMasked: '138****5678', phoneHash: 'b'.repeat(64) };

describe('privacy migration 40', () => {
  it('applies on an empty database', () => {
    const db = openDatabase(':memory:', [...SYNC_MIGRATIONS, ...ADMIN_MIGRATIONS, ...PRIVACY_MIGRATIONS]);
    expect((db.prepare('SELECT id FROM schema_migrations WHERE id >= 40 AND id < 50').all() as { id: number }[]).map((r) => r.id)).toEqual(PRIVACY_MIGRATIONS.map((m) => m.id));
    db.close();
  });

  it('drops the birth date, the salted hashes and their salt, and hides the district in every old mask', () => {
    // The previous release's schema, with one ticket of the old kind taken, completed and not yet sent.
    const db = openDatabase(':memory:', [...SYNC_MIGRATIONS, ...ADMIN_MIGRATIONS]);
    db.prepare("INSERT INTO meta (key, value) VALUES ('personal_salt', 'c0ffee')").run();
    const ticket = { id: 't1', number: 'A001', state: 'completed', applicant: OLD_APPLICANT, priority: 'elderly' };
    db.prepare("INSERT INTO tickets (id, business_date, number, group_id, state, priority, taken_at, doc) VALUES ('t1', '2026-11-24', 'A001', 'A', 'completed', 'elderly', 1, ?)").run(JSON.stringify(ticket));
    db.prepare("INSERT INTO events (seq, type, at, business_date, actor, payload) VALUES (1, 'TicketTaken', 1, '2026-11-24', 'device:k', ?)").run(JSON.stringify({ type: 'TicketTaken', at: 1, ticket }));
    db.prepare("INSERT INTO events (seq, type, at, business_date, actor, payload) VALUES (2, 'TicketTaken', 2, '2026-11-24', 'device:k', ?)").run(
      JSON.stringify({ type: 'TicketTaken', at: 2, ticket: { id: 't2', applicant: {} } }),
    );
    db.prepare("INSERT INTO requests (request_id, actor, command, response, at) VALUES ('r1', 'staff:s', 'ticket.start', ?, 1)").run(JSON.stringify({ ticket: { id: 't1', idMasked: OLD_APPLICANT.idMasked } }));
    const record = JSON.stringify({ caseId: 'c1', applicantIdMasked: OLD_APPLICANT.idMasked, applicantPhoneMasked: '138****5678' });
    db.prepare("INSERT INTO cases (case_id, ticket_id, business_date, window_id, staff_id, completed_at, outcome, record) VALUES ('c1', 't1', '2026-11-24', 'w01', 's', 1, 'done', ?)").run(record);
    db.prepare("INSERT INTO outbox (kind, case_id, payload, created_at) VALUES ('case', 'c1', ?, 1)").run(record);

    expect(migrate(db, [...SYNC_MIGRATIONS, ...ADMIN_MIGRATIONS, ...PRIVACY_MIGRATIONS])).toEqual([40]);

    const all = ['meta', 'tickets', 'events', 'requests', 'cases', 'outbox'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all())).join('\n');
    expect(all).not.toContain('1958-03-02');
    expect(all).not.toContain('birthDate');
    expect(all).not.toContain('330106');
    expect(all).not.toContain('c0ffee');
    expect(all).not.toContain('a'.repeat(64));
    expect(all).not.toContain('b'.repeat(64));
    const doc = JSON.parse((db.prepare("SELECT doc FROM tickets WHERE id = 't1'").get() as { doc: string }).doc);
    expect(doc.applicant).toEqual({ idMasked: '3301**********4214', phoneMasked: '138****5678' });
    expect(doc.priority).toBe('elderly');
    const e1 = JSON.parse((db.prepare('SELECT payload FROM events WHERE seq = 1').get() as { payload: string }).payload);
    expect(e1.ticket.applicant).toEqual({ idMasked: '3301**********4214', phoneMasked: '138****5678' });
    const e2 = JSON.parse((db.prepare('SELECT payload FROM events WHERE seq = 2').get() as { payload: string }).payload);
    expect(e2.ticket.applicant).toEqual({});
    expect(JSON.parse((db.prepare('SELECT payload FROM outbox').get() as { payload: string }).payload).applicantIdMasked).toBe('3301**********4214');
    expect(JSON.parse((db.prepare('SELECT record FROM cases').get() as { record: string }).record).applicantIdMasked).toBe('3301**********4214');
    db.close();
  });
});
