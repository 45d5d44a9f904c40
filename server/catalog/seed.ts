import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  bundleSchema,
  deviceSchema,
  dispatchSettingsSchema,
  hallSchema,
  queueGroupSchema,
  serviceSchema,
  staffSchema,
  windowSchema,
} from '../../protocol/catalog';
import { calendarConfigSchema } from '../calendar/schema';

/** A seed's staff carry a demo password; production seeds leave it out and the admin sets one. */
export const seedStaffSchema = staffSchema.extend({ password: z.string().min(8).max(128).optional() });
/** A seed's devices carry their token (demo halls only); the admin console issues real ones. */
export const seedDeviceSchema = deviceSchema.extend({ token: z.string().min(16).max(128).optional() });

export const SEED_FILES = {
  hall: { file: 'hall.json', schema: hallSchema },
  groups: { file: 'groups.json', schema: z.array(queueGroupSchema).min(1) },
  services: { file: 'services.json', schema: z.array(serviceSchema).min(1) },
  bundles: { file: 'bundles.json', schema: z.array(bundleSchema) },
  windows: { file: 'windows.json', schema: z.array(windowSchema).min(1) },
  staff: { file: 'staff.json', schema: z.array(seedStaffSchema).min(1) },
  devices: { file: 'devices.json', schema: z.array(seedDeviceSchema) },
  settings: { file: 'settings.json', schema: dispatchSettingsSchema },
} as const;

type SeedKey = keyof typeof SEED_FILES;
export type HallSeed = { [K in SeedKey]: z.output<(typeof SEED_FILES)[K]['schema']> } & { calendar: unknown };

/** A bad seed stops the start with the file, the field and what is wrong. */
export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field || '(file)'}: ${problem}`);
    this.name = 'SeedError';
  }
}

function fieldPath(p: readonly PropertyKey[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new SeedError(file, '', 'file not found');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SeedError(file, '', `not valid JSON (${(err as Error).message})`);
  }
}

/** Reads and validates every seed file of a hall directory, then checks the references between them. */
export function loadSeed(dir: string): HallSeed {
  const out: Record<string, unknown> = {};
  for (const [key, { file, schema }] of Object.entries(SEED_FILES)) {
    const full = path.join(dir, file);
    const parsed = (schema as z.ZodType).safeParse(readJson(full));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SeedError(full, fieldPath(issue.path), issue.message);
    }
    out[key] = parsed.data;
  }
  const calendarFile = path.join(dir, 'calendar.json');
  if (existsSync(calendarFile)) {
    const parsed = calendarConfigSchema.safeParse(readJson(calendarFile));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SeedError(calendarFile, fieldPath(issue.path), issue.message);
    }
    out.calendar = parsed.data;
  } else out.calendar = null;
  const seed = out as HallSeed;
  checkReferences(dir, seed);
  return seed;
}

function unique<T>(dir: string, file: string, items: T[], key: (t: T) => string | number, label: string): void {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) throw new SeedError(path.join(dir, file), `[${i}].${label}`, `duplicate ${label} "${k}"`);
    seen.add(k);
  });
}

function checkReferences(dir: string, s: HallSeed): void {
  const f = (name: string) => path.join(dir, name);
  unique(dir, 'groups.json', s.groups, (g) => g.id, 'id');
  unique(dir, 'services.json', s.services, (x) => x.id, 'id');
  unique(dir, 'services.json', s.services, (x) => x.code, 'code');
  unique(dir, 'bundles.json', s.bundles, (x) => x.id, 'id');
  unique(dir, 'windows.json', s.windows, (x) => x.id, 'id');
  unique(dir, 'windows.json', s.windows, (x) => x.number, 'number');
  unique(dir, 'staff.json', s.staff, (x) => x.id, 'id');
  unique(dir, 'staff.json', s.staff, (x) => x.username, 'username');
  unique(dir, 'devices.json', s.devices, (x) => x.id, 'id');
  unique(dir, 'devices.json', s.devices.filter((d) => d.token), (x) => x.token!, 'token');
  const groups = new Set(s.groups.map((g) => g.id));
  const services = new Map(s.services.map((x) => [x.id, x]));
  const windows = new Set(s.windows.map((w) => w.id));
  s.services.forEach((x, i) => {
    if (!groups.has(x.groupId)) throw new SeedError(f('services.json'), `[${i}].groupId`, `unknown queue group "${x.groupId}"`);
  });
  s.bundles.forEach((b, i) => {
    if (!groups.has(b.groupId)) throw new SeedError(f('bundles.json'), `[${i}].groupId`, `unknown queue group "${b.groupId}"`);
    b.serviceIds.forEach((id, j) => {
      if (!services.has(id)) throw new SeedError(f('bundles.json'), `[${i}].serviceIds[${j}]`, `unknown service "${id}"`);
    });
  });
  s.windows.forEach((w, i) => {
    w.serviceIds.forEach((id, j) => {
      if (!services.has(id)) throw new SeedError(f('windows.json'), `[${i}].serviceIds[${j}]`, `unknown service "${id}"`);
    });
    w.groupIds.forEach((g, j) => {
      if (!groups.has(g)) throw new SeedError(f('windows.json'), `[${i}].groupIds[${j}]`, `unknown queue group "${g}"`);
    });
  });
  s.devices.forEach((d, i) => {
    if (d.windowId && !windows.has(d.windowId)) throw new SeedError(f('devices.json'), `[${i}].windowId`, `unknown window "${d.windowId}"`);
    if (d.kind === 'eval' && !d.windowId) throw new SeedError(f('devices.json'), `[${i}].windowId`, 'an evaluation pad must be bound to a window');
  });
  if (!s.staff.some((x) => x.role === 'admin')) throw new SeedError(f('staff.json'), '', 'no staff member with role "admin"');
}

/** The catalogue the domain uses, straight from a validated seed (tests and tools; the server reads the DB). */
export function catalogFromSeed(seed: HallSeed): import('../domain/types').Catalog {
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
  return {
    hall: seed.hall,
    settings: seed.settings,
    groups: byId(seed.groups),
    services: byId(seed.services),
    bundles: byId(seed.bundles),
    windows: new Map([...seed.windows].sort((a, b) => a.number - b.number).map((w) => [w.id, w])),
    staff: byId(seed.staff.map(({ password: _p, ...s }) => s)),
  };
}
