import { z } from 'zod';
import type { CatalogDocs } from '../../protocol/admin';
import { dispatchSettingsSchema, hallSchema } from '../../protocol/catalog';
import type { Actor } from './deps';
import type { AdminContext } from './context';
import { applyPartial } from './partial-update';
import {
  calendarDocOf,
  checkReferences,
  deleteDoc,
  ITEM_KINDS,
  putDoc,
  readDocs,
  type ItemKind,
  type ItemOf,
  type RefIssue,
} from './catalog-docs';
import { AdminError, badRequest, conflict, inUse, notFound, zodIssues, type Issue } from './errors';

const zh = { error: z.locales.zhCN().localeError };

/** Reference issues as field issues: `window w05.serviceIds[0]: 事项 x 不存在`. */
export function refIssues(issues: RefIssue[]): Issue[] {
  return issues.map((i) => ({ path: i.id ? `${i.kind}:${i.id}.${i.field}` : `${i.kind}.${i.field}`, message: i.message }));
}

/** Refuses when the candidate catalogue has reference issues that the current one does not. */
function checkCandidate(before: CatalogDocs, after: CatalogDocs, calendarDoc: unknown, deleting: boolean): void {
  const known = new Set(checkReferences(before, calendarDoc).map((i) => `${i.kind}|${i.id}|${i.field}|${i.message}`));
  const fresh = checkReferences(after, calendarDoc).filter((i) => !known.has(`${i.kind}|${i.id}|${i.field}|${i.message}`));
  if (fresh.length === 0) return;
  if (fresh.some((i) => i.field === 'role' && i.kind === 'staff' && !i.id)) throw new AdminError('LAST_ADMIN', 409);
  if (deleting) throw inUse(`仍被引用：${fresh[0]!.message}`, refIssues(fresh));
  throw badRequest(fresh[0]!.message, refIssues(fresh));
}

function listOf<K extends ItemKind>(d: CatalogDocs, kind: K): ItemOf<K>[] {
  return d[ITEM_KINDS[kind].list] as ItemOf<K>[];
}

function withItem<K extends ItemKind>(d: CatalogDocs, kind: K, id: string, item: ItemOf<K> | null): CatalogDocs {
  const list = listOf(d, kind).filter((x) => x.id !== id);
  if (item) list.push(item);
  return { ...d, [ITEM_KINDS[kind].list]: list };
}

/** Parses one item of a kind with the protocol's schema; the URL's id wins over any id in the body. */
export function parseItem<K extends ItemKind>(kind: K, id: string, body: unknown): ItemOf<K> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('请求体应为对象');
  const parsed = ITEM_KINDS[kind].schema.safeParse({ ...body, id }, zh);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw badRequest(`${ITEM_KINDS[kind].label}填写有误：${issues[0]!.path} ${issues[0]!.message}`, issues);
  }
  return parsed.data as ItemOf<K>;
}

/** Rules a reference check cannot see: the live hall. */
function guardLive(ctx: AdminContext, kind: ItemKind, id: string, next: unknown | null): void {
  const state = ctx.hall.state;
  if (kind === 'window' && next === null) {
    const w = state.windows.get(id);
    if (w && w.status !== 'closed') throw inUse('窗口正在服务中，请先退出窗口再删除');
  }
  if (kind === 'staff' && next === null) {
    for (const w of state.windows.values()) if (w.staffId === id && w.status !== 'closed') throw inUse('该工作人员正在窗口服务，请先退出窗口');
  }
  if (kind === 'group' && next === null) {
    for (const t of state.tickets.values()) if (t.groupId === id && t.state === 'waiting') throw inUse('该队列仍有群众在等候');
  }
}

/** Lists every item of every kind, for the console. */
export function catalogView(ctx: AdminContext): CatalogDocs {
  return readDocs(ctx.db);
}

/**
 * Creates or replaces one item. Validated with the protocol's schema and against every reference, written
 * with its audit row in one transaction; the running hall (and the devices) see it right after.
 */
export function upsertItem<K extends ItemKind>(ctx: AdminContext, actor: Actor, kind: K, id: string, body: unknown, extra?: () => void): ItemOf<K> {
  const item = parseItem(kind, id, body);
  const before = readDocs(ctx.db);
  const prior = listOf(before, kind).find((x) => x.id === id) ?? null;
  guardLive(ctx, kind, id, item);
  checkCandidate(before, withItem(before, kind, id, item), calendarDocOf(ctx.db), false);
  const label = ITEM_KINDS[kind].label;
  ctx.change(
    actor,
    () => {
      putDoc(ctx.db, kind, id, item);
      extra?.();
    },
    () => ({
      action: `${kind}.${prior ? 'update' : 'create'}`,
      targetKind: kind,
      targetId: id,
      summary: `${prior ? '修改' : '新增'}${label}「${'name' in item ? item.name : id}」`,
      before: prior,
      after: item,
    }),
  );
  afterChange(ctx, kind);
  return item;
}

/** Creates an item only if the id is free. */
export function createItem<K extends ItemKind>(ctx: AdminContext, actor: Actor, kind: K, id: string, body: unknown, extra?: () => void): ItemOf<K> {
  if (listOf(readDocs(ctx.db), kind).some((x) => x.id === id)) throw conflict(`${ITEM_KINDS[kind].label}编号 ${id} 已存在`);
  return upsertItem(ctx, actor, kind, id, body, extra);
}

/** Deletes one item, refused while anything (catalogue, calendar roster, live hall) still uses it. */
export function deleteItem(ctx: AdminContext, actor: Actor, kind: ItemKind, id: string, extra?: () => void): void {
  const before = readDocs(ctx.db);
  const prior = listOf(before, kind).find((x) => x.id === id);
  if (!prior) throw notFound(`${ITEM_KINDS[kind].label} ${id} 不存在`);
  guardLive(ctx, kind, id, null);
  checkCandidate(before, withItem(before, kind, id, null), calendarDocOf(ctx.db), true);
  ctx.change(
    actor,
    () => {
      deleteDoc(ctx.db, kind, id);
      extra?.();
    },
    () => ({
      action: `${kind}.delete`,
      targetKind: kind,
      targetId: id,
      summary: `删除${ITEM_KINDS[kind].label}「${'name' in prior ? prior.name : id}」`,
      before: prior,
      after: null,
    }),
  );
  afterChange(ctx, kind);
}

function afterChange(ctx: AdminContext, kind: ItemKind | 'hall' | 'settings'): void {
  if (kind === 'device') ctx.deps.reloadDevices();
  else ctx.refreshCatalog();
}

/** Replaces the hall's own record (name, code, notice ...). */
export function updateHall(ctx: AdminContext, actor: Actor, body: unknown) {
  const parsed = hallSchema.safeParse(body, zh);
  if (!parsed.success) throw badRequest(`大厅信息填写有误：${zodIssues(parsed.error)[0]!.message}`, zodIssues(parsed.error));
  const before = readDocs(ctx.db).hall;
  if (parsed.data.id !== before.id) throw badRequest('大厅编号不能修改');
  ctx.change(
    actor,
    () => putDoc(ctx.db, 'hall', 'hall', parsed.data),
    () => ({ action: 'hall.update', targetKind: 'hall', targetId: before.id, summary: '修改大厅信息', before, after: parsed.data }),
  );
  afterChange(ctx, 'hall');
  return parsed.data;
}

/** Replaces the dispatch settings (priority bonuses, ageing, no-show rule, recall limits, wait alert). */
export function updateSettings(ctx: AdminContext, actor: Actor, body: unknown) {
  const before = readDocs(ctx.db).settings;
  // Only what the body names changes; an unknown (misspelt) key is refused, never saved as defaults.
  const parsed = { data: applyPartial(dispatchSettingsSchema, before, body, '叫号规则') };
  ctx.change(
    actor,
    () => putDoc(ctx.db, 'settings', 'dispatch', parsed.data),
    () => ({ action: 'settings.update', targetKind: 'settings', targetId: 'dispatch', summary: '修改叫号规则', before, after: parsed.data }),
  );
  afterChange(ctx, 'settings');
  return parsed.data;
}
