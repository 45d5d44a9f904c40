import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCharacter } from '../server/domain/id-number';
import { send, startTestHall, TOKENS, type TestHall, until } from './helpers/hall';

/**
 * The issue-11 finding: the ID mask hid exactly the birth date and the birth date was stored and sent
 * beside it, and the phone's look-up hash was salted with a value kept in the same database. Here an
 * attacker gets everything the hall stores (every table of hall.db) and everything every terminal
 * receives, and tries to rebuild the numbers.
 */

const BIRTH = '19580302';
const ID = (() => {
  const first17 = `330106${BIRTH}421`;
  return first17 + checkCharacter(first17);
})();
const PHONE = '13812345678';

/** Every row of every table of the hall database, as text. */
function dumpDatabase(hall: TestHall): string[] {
  const db = hall.server.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((r) => JSON.stringify(r)));
}

/** Every object inside a JSON text, also inside string values that hold JSON (the docs of the read tables). */
function objectsIn(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/^[[{]/.test(v)) {
        try {
          walk(JSON.parse(v));
        } catch {
          /* plain text */
        }
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(text);
  return out;
}

/** The facts an attacker can read about the applicant from what was stored and sent. */
function factsIn(corpus: string[]) {
  const masks = new Set<string>();
  const birthDates = new Set<string>();
  const phoneMasks = new Set<string>();
  const phoneHashes = new Set<string>();
  let elderlyFromId = false;
  for (const text of corpus) {
    for (const o of objectsIn(text)) {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'string') continue;
        if (/idmasked$/i.test(k)) masks.add(v);
        if (/birth/i.test(k)) birthDates.add(v.replace(/-/g, ''));
        if (/phonemasked$/i.test(k)) phoneMasks.add(v);
        if (/phonehash$/i.test(k)) phoneHashes.add(v);
      }
      if (o.priority === 'elderly' && o.prioritySource === 'id-number') elderlyFromId = true;
    }
  }
  return { masks, birthDates, phoneMasks, phoneHashes, elderlyFromId };
}

/** ID numbers consistent with a mask and the other facts, counted up to `cap`. */
function candidates(mask: string, facts: ReturnType<typeof factsIn>, today: string, elderlyAge: number, cap: number): number {
  const hidden = [...mask].map((c, i) => (c === '*' ? i : -1)).filter((i) => i >= 0);
  expect(hidden.every((i) => i < 14), 'only region and birth digits are hidden').toBe(true);
  const regionHidden = hidden.filter((i) => i < 6);
  const regions: string[] = [];
  for (let n = 0; n < 10 ** regionHidden.length; n++) {
    const digits = String(n).padStart(regionHidden.length, '0');
    const r = mask.slice(0, 6).split('');
    regionHidden.forEach((pos, j) => (r[pos] = digits[j]!));
    regions.push(r.join(''));
  }
  const birthMask = mask.slice(6, 14);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let count = 0;
  for (const region of regions) {
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(ty, tm - 1, td); t += 86_400_000) {
      const birth = new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
      if (![...birthMask].every((c, i) => c === '*' || c === birth[i])) continue;
      if (facts.birthDates.size > 0 && !facts.birthDates.has(birth)) continue;
      if (facts.elderlyFromId) {
        const y = Number(birth.slice(0, 4));
        const md = birth.slice(4);
        const age = ty - y - (`${String(tm).padStart(2, '0')}${String(td).padStart(2, '0')}` < md ? 1 : 0);
        if (age < elderlyAge) continue;
      }
      const first17 = region + birth + mask.slice(14, 17);
      if (checkCharacter(first17) !== mask[17]) continue;
      if (++count >= cap) return count;
    }
  }
  return count;
}

describe('personal data: nothing stored or sent gives the numbers back', () => {
  let hall: TestHall;
  beforeEach(async () => {
    hall = await startTestHall();
  });
  afterEach(async () => {
    await hall.stop();
  });

  it('leaves many ID candidates and no phone hash that can be searched, from every table and every push', async () => {
    const received: string[] = [];
    const listen = (s: { onAny(fn: (...a: unknown[]) => void): void }) => s.onAny((...args) => received.push(JSON.stringify(args)));
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: display } = await hall.terminal(TOKENS.display);
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    const idle = (await hall.terminal(await hall.login('lina'))).socket; // a clerk signed in to no window
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    const admin = (await hall.terminal(await hall.login('admin', 'admin1234'))).socket;
    for (const s of [kiosk, display, pad, idle, clerk, admin]) listen(s);
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);

    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], idNumber: ID, phone: PHONE });
    expect(taken.ok).toBe(true);
    received.push(JSON.stringify(taken));
    const called = await send(clerk, 'window:callNext', {});
    received.push(JSON.stringify(called));
    expect(called.ok && called.ticket.priority).toBe('elderly');
    const done = await send(clerk, 'ticket:complete', { ticketId: called.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    received.push(JSON.stringify(done));
    await until(() => received.some((r) => r.includes('TicketCompleted')));

    const corpus = [...dumpDatabase(hall), ...received];
    const all = corpus.join('\n');
    for (const secret of [ID, PHONE, BIRTH, '1958-03-02']) expect(all.includes(secret), `${secret} stored or sent`).toBe(false);

    const facts = factsIn(corpus);
    expect(facts.masks.size).toBeGreaterThan(0);
    const today = hall.server.hall.state.businessDate!;
    for (const mask of facts.masks) {
      expect(candidates(mask, facts, today, 60, 1000), `candidates for ${mask}`).toBeGreaterThanOrEqual(1000);
    }

    // The phone: ten thousand numbers fit its mask; no value stored in the database may serve as the key
    // (or salt) that tells which one it is.
    expect(facts.phoneMasks.size).toBeGreaterThan(0);
    const storedValues = new Set<string>();
    for (const text of dumpDatabase(hall)) {
      for (const o of objectsIn(text)) for (const v of Object.values(o)) if (typeof v === 'string' && /^[\w+/=$.-]{16,128}$/.test(v)) storedValues.add(v);
    }
    const mask = [...facts.phoneMasks][0]!;
    const found: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      const phone = mask.replace('****', String(n).padStart(4, '0'));
      for (const key of storedValues) {
        const salted = createHash('sha256').update(key).update('\0').update(phone).digest('hex');
        const keyed = createHmac('sha256', key).update(phone).digest('hex');
        if (facts.phoneHashes.has(salted) || facts.phoneHashes.has(keyed)) found.push(phone);
      }
      if (found.length) break;
    }
    expect(found).toEqual([]);
  }, 60_000);
});
