import { bundleSearchPhrases, serviceSearchPhrases, type KioskCatalog, type SearchKeys } from '../../protocol/catalog';

/**
 * Finding a matter by name, keyword, or pinyin: initials ("sbk" → 社保卡), or whole syllables
 * ("shebao"). Pure; the index is built once per catalogue. The pinyin comes with the catalogue (the
 * hall server computes it), so this page carries no pinyin dictionary.
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

function entry(kind: SearchEntry['kind'], id: string, name: string, phrases: string[], search: SearchKeys): SearchEntry {
  return { kind, id, name, text: phrases.join(' '), initials: search.initials, spelled: search.spelled };
}

export function buildSearchIndex(catalog: KioskCatalog): SearchEntry[] {
  return [
    ...catalog.bundles.map((b) => entry('bundle', b.id, b.name, bundleSearchPhrases(b), b.search)),
    ...catalog.services.map((s) => entry('service', s.id, s.name, serviceSearchPhrases(s), s.search)),
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
