import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../store/database';
import { ADMIN_MIGRATIONS } from './migrations';

describe('admin migrations', () => {
  it('keep to the ids 30-39 given to the admin console', () => {
    for (const m of ADMIN_MIGRATIONS) {
      expect(m.id).toBeGreaterThanOrEqual(30);
      expect(m.id).toBeLessThanOrEqual(39);
    }
  });

  it('apply on an empty database after the core migrations, once', () => {
    const db = openDatabase(':memory:', ADMIN_MIGRATIONS);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['admin_audit', 'admin_config', 'admin_cursors', 'followups', 'webhooks', 'webhook_outbox']));
    expect(migrate(db, ADMIN_MIGRATIONS)).toEqual([]);
    db.close();
  });

  it('apply to a hall database that already has a day of core data', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO events (seq, type, at, business_date, actor, payload) VALUES (1, 'DayOpened', 0, '2026-11-24', 'system', '{}')").run();
    expect(migrate(db, ADMIN_MIGRATIONS)).toEqual(ADMIN_MIGRATIONS.map((m) => m.id));
    expect((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(1);
    db.close();
  });
});
