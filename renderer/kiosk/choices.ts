import type { KioskCatalog } from '../../protocol/catalog';
import type { SearchEntry } from './search';

/** One big button of a list on the kiosk: a matter or a bundle. */
export interface ChoiceItem {
  kind: 'service' | 'bundle';
  id: string;
  title: string;
  detail?: string;
}

type Services = KioskCatalog['services'];

/** The line under a matter's name: its sub-item and how fast it is done. */
export function serviceDetail(s: Services[number]): string {
  const limit = s.timeLimitDays === 0 ? '即办' : `承诺 ${s.timeLimitDays} 个工作日`;
  return [s.subName, s.department, limit].filter(Boolean).join(' · ');
}

export function serviceChoices(services: Services): ChoiceItem[] {
  return services.map((s) => ({ kind: 'service', id: s.id, title: s.name, detail: serviceDetail(s) }));
}

/** Search results as buttons. */
export function searchChoices(results: SearchEntry[], catalog: KioskCatalog | null): ChoiceItem[] {
  return results.map((r) => {
    if (r.kind === 'bundle') {
      const b = catalog?.bundles.find((x) => x.id === r.id);
      return { kind: 'bundle', id: r.id, title: r.name, detail: b ? `${b.serviceIds.length} 个事项一次办` : undefined };
    }
    const s = catalog?.services.find((x) => x.id === r.id);
    return { kind: 'service', id: r.id, title: r.name, detail: s ? serviceDetail(s) : undefined };
  });
}
