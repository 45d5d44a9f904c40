import { readCatalog } from '../catalog/catalog-store';
import { writeAudit, type AuditChange } from './audit';
import type { Actor, AdminDeps } from './deps';

/**
 * What the admin services share: the dependencies, the clock, and one way to make a change — the write and
 * its audit row in one transaction, memory and terminals told only after the commit.
 */
export class AdminContext {
  constructor(readonly deps: AdminDeps) {}

  get db() {
    return this.deps.db;
  }

  get hall() {
    return this.deps.hall;
  }

  now(): number {
    return this.deps.hall.clock.now();
  }

  /** Runs `write` and writes the audit entry (built from its result) in one immediate transaction. */
  change<T>(actor: Actor, write: () => T, entry: (result: T) => AuditChange): T {
    const at = this.now();
    const run = this.db.transaction(() => {
      const result = write();
      writeAudit(this.db, actor, at, entry(result));
      return result;
    });
    return run.immediate();
  }

  /** The catalogue rows changed: the running hall sees them from its next command. */
  refreshCatalog(): void {
    this.hall.replaceCatalog(readCatalog(this.db));
  }
}
