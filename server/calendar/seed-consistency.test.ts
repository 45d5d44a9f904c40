import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queueGroupSchema, serviceSchema, staffSchema, windowSchema } from '../../protocol/catalog';
import { seedConfig } from './test-fixtures';

/** The calendar seed names windows, staff and matters of the other seed files: they must exist and fit. */

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8'));
// Staff entries carry a password in the seed; the catalogue schema strips what it does not know.
const windows = z.array(windowSchema).parse(read('windows.json'));
const staff = z.array(staffSchema).parse(read('staff.json'));
const services = z.array(serviceSchema).parse(read('services.json'));
const groups = z.array(queueGroupSchema).parse(read('groups.json'));

const pooled = new Set(groups.filter((g) => g.pooled).map((g) => g.id));
const groupOf = new Map(services.map((s) => [s.id, s.groupId]));

/** A window serves a matter through its own list, its whole groups, or as a comprehensive window of a pooled group. */
function canServe(windowId: string, serviceId: string): boolean {
  const w = windows.find((x) => x.id === windowId);
  const g = groupOf.get(serviceId);
  if (!w || !g) return false;
  return w.serviceIds.includes(serviceId) || w.groupIds.includes(g) || (w.comprehensive && pooled.has(g));
}

const stretches = [
  ...seedConfig.roster.map((s) => ({ name: s.name, windowIds: s.windowIds, serviceIds: s.serviceIds })),
  ...seedConfig.extendedHours.map((e) => ({ name: e.name, windowIds: e.windowIds ?? windows.map((w) => w.id), serviceIds: e.serviceIds })),
];

describe('seeds/calendar.json against the other seeds', () => {
  it('names windows that exist', () => {
    const ids = new Set(windows.map((w) => w.id));
    const named = [...stretches.flatMap((s) => s.windowIds), ...(seedConfig.weekday.lunchBreak?.windowIds ?? [])];
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('puts only clerks that exist on shifts', () => {
    const clerks = new Set(staff.filter((s) => s.role === 'clerk').map((s) => s.id));
    expect(seedConfig.roster.flatMap((s) => s.staffIds).filter((id) => !clerks.has(id))).toEqual([]);
  });

  it.each(stretches.map((s) => [s.name, s] as const))('%s offers only matters its windows can serve', (_name, s) => {
    const offered = s.serviceIds ?? services.map((x) => x.id);
    expect(offered.filter((id) => !s.windowIds.some((w) => canServe(w, id)))).toEqual([]);
  });

  it('keeps a comprehensive window open over the lunch break', () => {
    const lunch = seedConfig.weekday.lunchBreak?.windowIds ?? [];
    expect(lunch.some((id) => windows.find((w) => w.id === id)?.comprehensive)).toBe(true);
  });
});
