import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../store/database';
import { NOTIFY_MIGRATIONS } from './migrations';

describe('notifier migrations', () => {
  it('apply on an empty database', () => {
    const db = openDatabase(':memory:', NOTIFY_MIGRATIONS);
    expect((db.prepare('SELECT id FROM schema_migrations WHERE id BETWEEN 40 AND 49 ORDER BY id').all() as { id: number }[]).map((r) => r.id)).toEqual([41, 42]);
    db.close();
  });

  it('add the callback tables over the previous release, an open ticket keeping its number for messages', () => {
    const db = openDatabase(':memory:', NOTIFY_MIGRATIONS.filter((m) => m.id === 41));
    db.prepare("INSERT INTO notify_contacts (ticket_id, business_date, phone_sealed, near_sent, created_at) VALUES ('t1', '2026-11-24', 'v1.a.b.c', 0, 1)").run();
    expect(migrate(db, NOTIFY_MIGRATIONS)).toEqual([42]);
    expect(db.prepare('SELECT ticket_id, awaiting_rating FROM notify_contacts').all()).toEqual([{ ticket_id: 't1', awaiting_rating: 0 }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM callback_contacts').get()).toEqual({ n: 0 });
    expect(() =>
      db.prepare("INSERT INTO followup_callbacks (followup_id, outcome, note, actor_id, actor_name, at) VALUES (1, 'maybe', '', 'a', 'a', 1)").run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
