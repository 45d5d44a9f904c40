import { pinyin } from 'pinyin-pro';
import type { KioskCatalog } from '../../protocol/catalog';

/**
 * Finding a matter by name, keyword, or pinyin: initials ("sbk" → 社保卡), or whole syllables
 * ("shebao"). Pure; the index is built once per catalogue.
 */
export interface SearchEntry {
  kind: 'service' | 'bundle';
  id: string;
  name: string;
  /** Chinese text searched by substring: name, sub-name, keywords, department, life event. */
  text: string;
  /** Initials of each searched phrase, e.g. ['shbzksl', 'sbk']. */
  initials: string[];
  /** Whole pinyin of each phrase, without spaces or tones, e.g. ['shehuibaozhangkashenling']. */
  spelled: string[];
}

function phrases(...xs: (string | undefined)[]): string[] {
  return xs.filter((x): x is string => !!x && x.trim().length > 0);
}

function entry(kind: SearchEntry['kind'], id: string, name: string, ps: string[]): SearchEntry {
  const lower = (xs: string[]) => xs.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    kind,
    id,
    name,
    text: ps.join(' '),
    initials: ps.map((p) => lower(pinyin(p, { pattern: 'first', toneType: 'none', type: 'array' }))),
    spelled: ps.map((p) => lower(pinyin(p, { toneType: 'none', type: 'array', v: true }))),
  };
}

export function buildSearchIndex(catalog: KioskCatalog): SearchEntry[] {
  return [
    ...catalog.bundles.map((b) => entry('bundle', b.id, b.name, phrases(b.name, b.lifeEvent, b.description))),
    ...catalog.services.map((s) => entry('service', s.id, s.name, phrases(s.name, s.subName, ...s.keywords, s.department))),
  ];
}

/**
 * Entries matching a query, best first: a name that starts with it, then initials or pinyin that start
 * with it, then any substring. An empty query matches nothing.
 */
export function searchIndex(index: SearchEntry[], query: string, limit = 24): SearchEntry[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!q) return [];
  const latin = /^[a-z]+$/.test(q);
  const scored: { e: SearchEntry; score: number; order: number }[] = [];
  index.forEach((e, order) => {
    let score = 0;
    if (latin) {
      if (e.initials[0]?.startsWith(q)) score = 90;
      else if (e.initials.some((i) => i.startsWith(q))) score = 80;
      else if (e.spelled[0]?.startsWith(q)) score = 75;
      else if (e.spelled.some((s) => s.startsWith(q))) score = 70;
      else if (e.initials.some((i) => i.includes(q))) score = 50;
      else if (q.length >= 3 && e.spelled.some((s) => s.includes(q))) score = 40;
    } else {
      if (e.name.toLowerCase().startsWith(q)) score = 100;
      else if (e.name.toLowerCase().includes(q)) score = 85;
      else if (e.text.toLowerCase().includes(q)) score = 60;
    }
    if (score > 0) scored.push({ e, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((s) => s.e);
}
