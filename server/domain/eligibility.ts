import type { HallWindow } from '../../protocol/catalog';
import type { Line } from './queue-index';
import type { Catalog } from './types';

/**
 * Whether a window can serve a set of matters of a group (无差别全科受理):
 * a window that serves the whole group can; a comprehensive window can for every pooled group;
 * otherwise every matter must be in the window's skill set.
 */
export function windowCanServe(catalog: Catalog, window: HallWindow, groupId: string, serviceIds: readonly string[]): boolean {
  if (window.groupIds.includes(groupId)) return true;
  if (window.comprehensive && catalog.groups.get(groupId)?.pooled) return true;
  return serviceIds.length > 0 && serviceIds.every((s) => window.serviceIds.includes(s));
}

/** Whether a window may call from a line: a targeted line only for its window. */
export function windowServesLine(catalog: Catalog, window: HallWindow, line: Line): boolean {
  if (line.targetWindowId) return line.targetWindowId === window.id;
  return windowCanServe(catalog, window, line.groupId, line.serviceIds);
}

/**
 * Caches, per window, the lines it serves. The cache is keyed by the catalogue object and the index's
 * generation, so a new line or a changed skill set (a new catalogue) refreshes it on next use.
 */
export class LineCache {
  private catalog: Catalog | null = null;
  private generation = -1;
  private readonly byWindow = new Map<string, Line[]>();

  linesFor(catalog: Catalog, lines: Map<string, Line>, generation: number, window: HallWindow): Line[] {
    if (catalog !== this.catalog || generation !== this.generation) {
      this.byWindow.clear();
      this.catalog = catalog;
      this.generation = generation;
    }
    let served = this.byWindow.get(window.id);
    if (!served) {
      served = [...lines.values()].filter((l) => windowServesLine(catalog, window, l));
      this.byWindow.set(window.id, served);
    }
    return served;
  }
}
