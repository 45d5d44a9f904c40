import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSearchPhrases, serviceSearchPhrases } from '../../protocol/catalog';
import { demoCatalog } from '../domain/test-support';
import { initialState, replaceCatalog } from '../domain/state';
import { searchKeys } from './search-keys';
import { kioskCatalog } from './views';

describe('the pinyin the kiosk searches by', () => {
  it('gives the initials and the whole pinyin of each phrase, ü as v, letters and digits only', () => {
    expect(searchKeys(['社会保障卡申领', '首次申领、补换卡', '绿色通道', 'A证 2号'])).toEqual({
      initials: ['shbzksl', 'scslbhk', 'lstd', 'az2h'],
      spelled: ['shehuibaozhangkashenling', 'shoucishenlingbuhuanka', 'lvsetongdao', 'azheng2hao'],
    });
  });

  it('comes with every matter and bundle of the kiosk catalogue, one key per searched phrase', () => {
    const state = initialState(demoCatalog());
    const catalog = kioskCatalog(state, null);
    expect(catalog.services.length).toBeGreaterThan(30);
    for (const s of catalog.services) {
      expect(s.search).toEqual(searchKeys(serviceSearchPhrases(s)));
      expect(s.search.initials[0]!.length).toBeGreaterThan(0);
    }
    for (const b of catalog.bundles) expect(b.search).toEqual(searchKeys(bundleSearchPhrases(b)));
    const sscard = catalog.services.find((s) => s.name === '社会保障卡申领');
    expect(sscard?.search.initials).toContain('sbk');
  });

  it('is computed once per catalogue, not once per kiosk snapshot', () => {
    const state = initialState(demoCatalog());
    const first = kioskCatalog(state, null);
    const second = kioskCatalog(state, null);
    expect(second.services[0]!.search).toBe(first.services[0]!.search);
    // An admin's change re-reads the catalogue: a renamed matter gets the pinyin of its new name.
    const changed = demoCatalog();
    const id = first.services[0]!.id;
    changed.services.set(id, { ...changed.services.get(id)!, name: '出生医学证明' });
    replaceCatalog(state, changed);
    const third = kioskCatalog(state, null).services.find((s) => s.id === id)!;
    expect(third.search.initials[0]).toBe('csyxzm');
  });

  it('leaves pinyin-pro out of every terminal (its dictionary is most of a page)', () => {
    const renderer = path.resolve(import.meta.dirname, '../../renderer');
    const offenders = (readdirSync(renderer, { recursive: true }) as string[])
      .filter((f) => /\.(ts|vue)$/.test(f))
      .filter((f) => /from ['"]pinyin-pro['"]|import\(['"]pinyin-pro['"]\)/.test(readFileSync(path.join(renderer, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
