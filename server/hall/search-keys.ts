import { pinyin } from 'pinyin-pro';
import { bundleSearchPhrases, serviceSearchPhrases, type Bundle, type SearchKeys, type Service } from '../../protocol/catalog';

const letters = (xs: string[]) => xs.join('').toLowerCase().replace(/[^a-z0-9]/g, '');

/** The initials and whole pinyin of each phrase (pinyin-pro's dictionary stays on the server). */
export function searchKeys(phrases: string[]): SearchKeys {
  return {
    initials: phrases.map((p) => letters(pinyin(p, { pattern: 'first', toneType: 'none', type: 'array' }))),
    spelled: phrases.map((p) => letters(pinyin(p, { toneType: 'none', type: 'array', v: true }))),
  };
}

// An admin's change re-reads the catalogue into new objects, so keying on the object computes the
// keys once per catalogue change, not once per kiosk snapshot.
const cache = new WeakMap<Service | Bundle, SearchKeys>();

export function serviceSearchKeys(s: Service): SearchKeys {
  let keys = cache.get(s);
  if (!keys) cache.set(s, (keys = searchKeys(serviceSearchPhrases(s))));
  return keys;
}

export function bundleSearchKeys(b: Bundle): SearchKeys {
  let keys = cache.get(b);
  if (!keys) cache.set(b, (keys = searchKeys(bundleSearchPhrases(b))));
  return keys;
}
