import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HallCommand } from '../domain/events';
import { demoCatalog } from '../domain/test-support';
import { openDatabase, type Db } from '../store/database';
import { HallStore } from '../store/hall-store';
import { Hall, requestKey, type Committed, type Settled } from './hall';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

/** A hall whose group commits run when the test says (`flush`), with a day open and a window staffed. */
function world() {
  const store = new HallStore(db);
  let n = 0;
  const hall = new Hall(store, demoCatalog(), { now: () => Date.parse('2026-11-24T01:00:00Z') }, undefined, () => `t${++n}`);
  const pending: (() => void)[] = [];
  hall.defer = (fn) => pending.push(fn);
  hall.execute('test', { type: 'day.open', businessDate: '2026-11-24' }, null, () => ({}));
  const heard: Committed[][] = [];
  hall.onCommitted((c) => heard.push(c));
  const settled: Settled<unknown>[] = [];
  let r = 0;
  // With a request key, as the terminals' commands come: the answer is built inside the transaction.
  const submit = (cmd: HallCommand, respond: () => unknown = () => ({})) => hall.submit('test', cmd, requestKey(`req-${++r}`, cmd), respond, (s) => settled.push(s));
  const ticketsOnDisk = () => (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
  const run = () => {
    while (pending.length > 0) pending.shift()!();
  };
  return { store, hall, heard, settled, submit, ticketsOnDisk, run };
}

const take: HallCommand = { type: 'ticket.take', serviceIds: ['svc-sscard'] };

describe('group commit: the commands of one turn of the event loop', () => {
  it('are committed in one transaction, in the order they came, and answered only once it is on disk', () => {
    const w = world();
    const group = vi.spyOn(w.store, 'group');
    for (let i = 0; i < 5; i++) w.submit(take);
    // Nothing is written, heard or answered before the group commits.
    expect(w.settled).toHaveLength(0);
    expect(w.heard).toHaveLength(0);
    expect(w.ticketsOnDisk()).toBe(0);
    w.run();
    expect(group).toHaveBeenCalledTimes(1);
    expect(w.ticketsOnDisk()).toBe(5);
    expect(w.settled).toHaveLength(5);
    const seqs = w.settled.map((s) => ('result' in s && s.result.ok ? s.result.committed[0]!.seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(5);
    expect(w.heard.flat().map((c) => c.seq)).toEqual(seqs);
    expect(w.hall.seq).toBe(seqs.at(-1));
    // The numbers follow the order the commands came in.
    const numbers = [...w.hall.state.tickets.values()].map((t) => t.number);
    expect(numbers).toEqual([...numbers].sort());
  });

  it('rolls back a command that throws alone: the others of its group are kept', () => {
    const w = world();
    w.submit(take);
    w.submit(take, () => {
      throw new Error('respond failed');
    });
    w.submit(take);
    w.run();
    expect(w.settled.map((s) => ('thrown' in s ? 'thrown' : s.result.ok ? 'ok' : 'refused'))).toEqual(['ok', 'thrown', 'ok']);
    expect(w.ticketsOnDisk()).toBe(2);
    expect(w.hall.state.tickets.size).toBe(2);
    expect(w.heard).toHaveLength(2);
  });

  it('writes nothing of a group that cannot commit, rebuilds memory from the disk and tells every command', () => {
    const w = world();
    w.submit(take);
    w.run();
    const seqBefore = w.hall.seq;
    const real = w.store.group.bind(w.store);
    // The disk refuses the group's commit (here: its work ends in an error, as a failed COMMIT would).
    vi.spyOn(w.store, 'group').mockImplementationOnce((work, now) =>
      real(() => {
        work();
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      }, now),
    );
    w.submit(take);
    w.submit({ type: 'window.signIn', windowId: 'w01', staffId: 's-1' });
    w.run();
    expect(w.settled.slice(1).every((s) => 'thrown' in s)).toBe(true);
    expect(w.ticketsOnDisk()).toBe(1);
    expect(w.hall.state.tickets.size).toBe(1);
    expect(w.hall.state.windows.get('w01')?.staffId ?? null).toBeNull();
    expect(w.hall.seq).toBe(seqBefore);
    expect(w.heard).toHaveLength(1);
    expect(w.store.writes.view().ok).toBe(false);
    // And the hall goes on: the next group commits with the next seq.
    w.submit(take);
    w.run();
    const last = w.settled.at(-1)!;
    expect('result' in last && last.result.ok && last.result.committed[0]!.seq).toBe(seqBefore + 1);
    expect(w.store.writes.view().ok).toBe(true);
  });

  it('holds at most GROUP_COMMIT_MAX commands; the rest commit at the next turn', () => {
    const w = world();
    const group = vi.spyOn(w.store, 'group');
    for (let i = 0; i < 130; i++) w.submit(take);
    w.run();
    expect(group).toHaveBeenCalledTimes(2);
    expect(w.ticketsOnDisk()).toBe(130);
    expect(w.settled).toHaveLength(130);
  });
});
