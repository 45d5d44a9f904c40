import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed, SeedError } from './seed';

const SEEDS = path.resolve(import.meta.dirname, '../../seeds');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yichuang-seed-'));
  cpSync(SEEDS, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(file: string, change: (json: any) => void): void {
  const full = path.join(dir, file);
  const json = JSON.parse(readFileSync(full, 'utf8'));
  change(json);
  writeFileSync(full, JSON.stringify(json));
}

function seedError(): SeedError {
  try {
    loadSeed(dir);
  } catch (err) {
    if (err instanceof SeedError) return err;
    throw err;
  }
  throw new Error('the seed loaded');
}

describe('the demo hall seed', () => {
  it('loads: about 20 windows, 30+ matters with the eight unified fields, 4+ bundles, staff and devices', () => {
    const s = loadSeed(SEEDS);
    expect(s.windows.length).toBeGreaterThanOrEqual(18);
    expect(s.windows.filter((w) => w.comprehensive).length).toBeGreaterThan(s.windows.length / 2);
    expect(s.services.length).toBeGreaterThanOrEqual(30);
    expect(new Set(s.services.map((x) => x.category))).toEqual(new Set(['personal', 'company', 'investment', 'general']));
    for (const x of s.services) {
      for (const field of ['name', 'legalBasis', 'citizenProcess', 'backOfficeProcess', 'formContents'] as const) expect(x[field].length).toBeGreaterThan(0);
      expect(x.materials.length).toBeGreaterThan(0);
      expect(x.timeLimitDays).toBeGreaterThanOrEqual(0);
    }
    expect(s.bundles.map((b) => b.lifeEvent)).toEqual(expect.arrayContaining(['出生', '退休', '企业开办', '身后事']));
    expect(new Set(s.devices.map((d) => d.kind))).toEqual(new Set(['kiosk', 'display', 'eval']));
    expect(s.calendar).not.toBeNull();
  });
});

describe('a bad seed file', () => {
  it('names the file, the field and what is wrong', () => {
    edit('services.json', (list) => {
      list[3].materials[0].name = '';
    });
    const err = seedError();
    expect(err.file).toBe(path.join(dir, 'services.json'));
    expect(err.field).toBe('[3].materials[0].name');
    expect(err.message).toContain('services.json: [3].materials[0].name:');
  });

  it('refuses a reference to a matter that does not exist', () => {
    edit('bundles.json', (list) => {
      list[0].serviceIds[1] = 'svc-missing';
    });
    expect(seedError()).toMatchObject({ field: '[0].serviceIds[1]', problem: 'unknown service "svc-missing"' });
  });

  it('refuses two windows with the same number', () => {
    edit('windows.json', (list) => {
      list[1].number = list[0].number;
    });
    expect(seedError()).toMatchObject({ field: '[1].number', problem: 'duplicate number "1"' });
  });

  it('refuses a file that is not JSON, and a calendar that does not validate', () => {
    writeFileSync(path.join(dir, 'groups.json'), '[{');
    expect(seedError()).toMatchObject({ file: path.join(dir, 'groups.json'), field: '' });
    cpSync(path.join(SEEDS, 'groups.json'), path.join(dir, 'groups.json'));
    edit('calendar.json', (c) => {
      c.weekday.hours.open = '25:00';
    });
    expect(seedError()).toMatchObject({ file: path.join(dir, 'calendar.json'), field: 'weekday.hours.open' });
  });
});
