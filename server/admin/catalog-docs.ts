import { ERROR_CODES } from '../../protocol/errors';
import type { CatalogDocs } from '../../protocol/admin';
import { bundleSchema, deviceSchema, dispatchSettingsSchema, hallSchema, queueGroupSchema, serviceSchema, staffSchema, windowSchema } from '../../protocol/catalog';
import { parseCalendarConfig } from '../calendar';
import { readCalendarDoc } from '../catalog/catalog-store';
import type { Db } from '../store/database';
import { calendarReferenceIssues } from './calendar-refs';

/** Item kinds the console creates, replaces and deletes one by one. */
export const ITEM_KINDS = {
  group: { schema: queueGroupSchema, list: 'groups', label: '队列分组' },
  service: { schema: serviceSchema, list: 'services', label: '事项' },
  bundle: { schema: bundleSchema, list: 'bundles', label: '一件事' },
  window: { schema: windowSchema, list: 'windows', label: '窗口' },
  staff: { schema: staffSchema, list: 'staff', label: '工作人员' },
  device: { schema: deviceSchema, list: 'devices', label: '设备' },
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;
export type ItemOf<K extends ItemKind> = CatalogDocs[(typeof ITEM_KINDS)[K]['list']][number];

function docs<T>(db: Db, kind: string, parse: (v: unknown) => T): T[] {
  return (db.prepare('SELECT doc FROM catalog WHERE kind = ? ORDER BY id').all(kind) as { doc: string }[]).map((r) => parse(JSON.parse(r.doc)));
}

/** Reads every catalogue document. */
export function readDocs(db: Db): CatalogDocs {
  return {
    hall: docs(db, 'hall', (v) => hallSchema.parse(v))[0]!,
    settings: docs(db, 'settings', (v) => dispatchSettingsSchema.parse(v))[0]!,
    groups: docs(db, 'group', (v) => queueGroupSchema.parse(v)),
    services: docs(db, 'service', (v) => serviceSchema.parse(v)),
    bundles: docs(db, 'bundle', (v) => bundleSchema.parse(v)),
    windows: docs(db, 'window', (v) => windowSchema.parse(v)).sort((a, b) => a.number - b.number),
    staff: docs(db, 'staff', (v) => staffSchema.parse(v)),
    devices: docs(db, 'device', (v) => deviceSchema.parse(v)),
  };
}

/** Writes (inserts or replaces) one catalogue row. */
export function putDoc(db: Db, kind: string, id: string, doc: unknown): void {
  db.prepare('INSERT INTO catalog (kind, id, doc) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET doc = excluded.doc').run(kind, id, JSON.stringify(doc));
}

export function deleteDoc(db: Db, kind: string, id: string): void {
  db.prepare('DELETE FROM catalog WHERE kind = ? AND id = ?').run(kind, id);
}

/** A reference problem, named by the item it is in. */
export interface RefIssue {
  kind: ItemKind | 'calendar';
  id: string;
  field: string;
  message: string;
}

/**
 * Checks the references between catalogue documents (and the calendar's roster): every id named exists,
 * codes, window numbers and usernames are unique. The console refuses any change that leaves an issue.
 */
export function checkReferences(d: CatalogDocs, calendarDoc: unknown = null): RefIssue[] {
  const out: RefIssue[] = [];
  const groups = new Set(d.groups.map((g) => g.id));
  const services = new Set(d.services.map((s) => s.id));
  const windows = new Set(d.windows.map((w) => w.id));
  const staff = new Set(d.staff.map((s) => s.id));
  const dup = <T>(kind: ItemKind, items: T[], key: (t: T) => string | number, id: (t: T) => string, field: string, label: string) => {
    const seen = new Map<string | number, string>();
    for (const it of items) {
      const k = key(it);
      const other = seen.get(k);
      if (other !== undefined) out.push({ kind, id: id(it), field, message: `${label}「${k}」与 ${other} 重复` });
      else seen.set(k, id(it));
    }
  };
  dup('service', d.services, (s) => s.code, (s) => s.id, 'code', '事项编码');
  dup('window', d.windows, (w) => w.number, (w) => w.id, 'number', '窗口号');
  dup('staff', d.staff, (s) => s.username, (s) => s.id, 'username', '用户名');
  for (const s of d.services) {
    if (!groups.has(s.groupId)) out.push({ kind: 'service', id: s.id, field: 'groupId', message: `队列分组 ${s.groupId} 不存在` });
  }
  for (const b of d.bundles) {
    if (!groups.has(b.groupId)) out.push({ kind: 'bundle', id: b.id, field: 'groupId', message: `队列分组 ${b.groupId} 不存在` });
    b.serviceIds.forEach((s, i) => {
      if (!services.has(s)) out.push({ kind: 'bundle', id: b.id, field: `serviceIds[${i}]`, message: `事项 ${s} 不存在` });
    });
  }
  for (const w of d.windows) {
    w.serviceIds.forEach((s, i) => {
      if (!services.has(s)) out.push({ kind: 'window', id: w.id, field: `serviceIds[${i}]`, message: `事项 ${s} 不存在` });
    });
    w.groupIds.forEach((g, i) => {
      if (!groups.has(g)) out.push({ kind: 'window', id: w.id, field: `groupIds[${i}]`, message: `队列分组 ${g} 不存在` });
    });
  }
  for (const dev of d.devices) {
    if (dev.windowId && !windows.has(dev.windowId)) out.push({ kind: 'device', id: dev.id, field: 'windowId', message: `窗口 ${dev.windowId} 不存在` });
    if (dev.kind === 'eval' && !dev.windowId) out.push({ kind: 'device', id: dev.id, field: 'windowId', message: '评价器必须绑定窗口' });
  }
  if (!d.staff.some((s) => s.role === 'admin')) out.push({ kind: 'staff', id: '', field: 'role', message: ERROR_CODES.LAST_ADMIN });
  if (calendarDoc) {
    const cal = parseCalendarConfig(calendarDoc);
    if (cal.ok) {
      for (const i of calendarReferenceIssues(cal.value, { windows, staff, services })) {
        out.push({ kind: 'calendar', id: i.ownerId, field: i.field, message: i.summary });
      }
    }
  }
  return out;
}

/** The calendar document, for the reference check. */
export function calendarDocOf(db: Db): unknown {
  return readCalendarDoc(db);
}
