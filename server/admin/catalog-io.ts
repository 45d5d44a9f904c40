import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel';
import { z } from 'zod';
import type { CatalogDocs } from '../../protocol/admin';
import { bundleSchema, queueGroupSchema, serviceSchema, type Bundle, type QueueGroup, type Service } from '../../protocol/catalog';
import { calendarDocOf, checkReferences, putDoc, readDocs } from './catalog-docs';
import { columnLetter, SHEETS, type Cell, type SheetSpec } from './catalog-columns';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { AdminError, badRequest, fieldPath, type Issue } from './errors';


const zh = { error: z.locales.zhCN().localeError };
const SCHEMAS = { group: queueGroupSchema, service: serviceSchema, bundle: bundleSchema } as const;
type Kind = keyof typeof SCHEMAS;
const LIST: Record<Kind, 'groups' | 'services' | 'bundles'> = { group: 'groups', service: 'services', bundle: 'bundles' };
const SECTION: Record<Kind, string> = { group: '队列分组', service: '事项', bundle: '一件事' };

/** One row of an import before validation: where it came from and the fields read from it. */
interface RawRow {
  kind: Kind;
  sheet: string;
  row: number;
  fields: Record<string, unknown>;
  /** Fields whose cell could not be read (already reported; the schema's complaint would repeat it). */
  unreadable?: Set<string>;
  /** field → where it is (header and column letter for xlsx; the field name for JSON). */
  where: (field: string) => { path: string; column?: string };
}

export interface ImportResult {
  created: Record<'groups' | 'services' | 'bundles', string[]>;
  updated: Record<'groups' | 'services' | 'bundles', string[]>;
  dryRun: boolean;
}

/** Rows of a JSON catalogue: `{ groups?, services?, bundles? }`, each a list of items. */
export function jsonRows(data: unknown): { rows: RawRow[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows: RawRow[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { rows, issues: [{ path: '', message: '文件内容应为对象：{ groups, services, bundles }' }] };
  const d = data as Record<string, unknown>;
  if (!('groups' in d) && !('services' in d) && !('bundles' in d)) issues.push({ path: '', message: '文件中没有 groups、services 或 bundles' });
  for (const kind of ['group', 'service', 'bundle'] as Kind[]) {
    const list = d[LIST[kind]];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ sheet: LIST[kind], path: LIST[kind], message: '应为列表' });
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        issues.push({ sheet: LIST[kind], row: i + 1, path: '', message: '应为对象' });
        return;
      }
      rows.push({ kind, sheet: LIST[kind], row: i + 1, fields: item as Record<string, unknown>, where: (f) => ({ path: f }) });
    });
  }
  return { rows, issues };
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v);
}

/** Rows of a workbook: sheets 队列分组, 事项, 一件事 with the headers of `catalog-columns.ts` in row 1. */
export async function xlsxRows(buffer: Buffer): Promise<{ rows: RawRow[]; issues: Issue[] }> {
  const wb = new (await loadExcel()).Workbook();
  try {
    // exceljs's types ask for an ArrayBuffer; hand it exactly the bytes of this Buffer (a view into a larger pool).
    await wb.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  } catch {
    return { rows: [], issues: [{ path: '', message: '无法读取文件：不是有效的 xlsx 工作簿' }] };
  }
  const rows: RawRow[] = [];
  const issues: Issue[] = [];
  let found = 0;
  for (const spec of SHEETS as readonly SheetSpec<unknown>[]) {
    const ws = wb.getWorksheet(spec.sheet);
    if (!ws) continue;
    found++;
    const header = ws.getRow(1);
    const colOf = new Map<string, number>();
    header.eachCell((cell, col) => {
      const text = cellValue(cell.value);
      if (text !== null) colOf.set(String(text).trim(), col);
    });
    const missing = spec.columns.filter((c) => !colOf.has(c.header));
    const required = missing.filter((c) => c.field === 'id' || c.field === 'name');
    if (required.length > 0) {
      issues.push({ sheet: spec.sheet, row: 1, path: required.map((c) => c.header).join('、'), message: `缺少列：${required.map((c) => c.header).join('、')}` });
      continue;
    }
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      if (rowNumber === 1) return;
      const fields: Record<string, unknown> = {};
      let empty = true;
      const where = new Map<string, { path: string; column?: string }>();
      const unreadable = new Set<string>();
      for (const col of spec.columns) {
        const idx = colOf.get(col.header);
        if (idx === undefined) continue;
        where.set(col.field, { path: col.header, column: columnLetter(idx - 1) });
        const cell = cellValue(r.getCell(idx).value);
        if (cell !== null && String(cell).trim() !== '') empty = false;
        try {
          const v = col.fromCell(cell);
          if (v !== undefined) fields[col.field] = v;
        } catch (err) {
          unreadable.add(col.field);
          issues.push({ sheet: spec.sheet, row: rowNumber, path: col.header, column: columnLetter(idx - 1), message: (err as Error).message });
        }
      }
      if (empty) return;
      rows.push({ kind: spec.kind, sheet: spec.sheet, row: rowNumber, fields, unreadable, where: (f) => where.get(f) ?? { path: f } });
    });
  }
  if (found === 0) issues.push({ path: '', message: `工作簿中没有「${SHEETS.map((s) => s.sheet).join('」「')}」工作表` });
  return { rows, issues };
}

type Parsed = { kind: Kind; row: RawRow; item: QueueGroup | Service | Bundle };

/**
 * Validates every row (schema, duplicates in the file, references against the file and the catalogue it
 * merges into) and answers the candidate catalogue, or every issue found — by sheet, row and column.
 */
export function validateImport(current: CatalogDocs, calendarDoc: unknown, rows: RawRow[], issues: Issue[]): { candidate: CatalogDocs; parsed: Parsed[] } {
  const parsed: Parsed[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const res = SCHEMAS[r.kind].safeParse(r.fields, zh);
    if (!res.success) {
      for (const i of res.error.issues) {
        const field = String(i.path[0] ?? '');
        if (r.unreadable?.has(field)) continue;
        const w = r.where(field);
        const sub = i.path.length > 1 ? `${fieldPath(i.path.slice(1))}：` : '';
        issues.push({ sheet: r.sheet, row: r.row, path: w.path || field, ...(w.column ? { column: w.column } : {}), message: `${sub}${i.message}` });
      }
      continue;
    }
    const key = `${r.kind}:${res.data.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const w = r.where('id');
      issues.push({ sheet: r.sheet, row: r.row, path: w.path, ...(w.column ? { column: w.column } : {}), message: `编号 ${res.data.id} 与第 ${first} 行重复` });
      continue;
    }
    seen.set(key, r.row);
    parsed.push({ kind: r.kind, row: r, item: res.data });
  }
  const candidate: CatalogDocs = { ...current, groups: [...current.groups], services: [...current.services], bundles: [...current.bundles] };
  for (const p of parsed) {
    const list = candidate[LIST[p.kind]] as { id: string }[];
    const i = list.findIndex((x) => x.id === p.item.id);
    if (i >= 0) list[i] = p.item;
    else list.push(p.item);
  }
  const before = new Set(checkReferences(current, calendarDoc).map((i) => `${i.kind}|${i.id}|${i.field}`));
  const rowOf = new Map(parsed.map((p) => [`${p.kind}|${p.item.id}`, p.row]));
  for (const ref of checkReferences(candidate, calendarDoc)) {
    if (before.has(`${ref.kind}|${ref.id}|${ref.field}`)) continue;
    const r = rowOf.get(`${ref.kind}|${ref.id}`);
    const field = ref.field.replace(/\[.*$/, '');
    if (r) {
      const w = r.where(field);
      issues.push({ sheet: r.sheet, row: r.row, path: w.path, ...(w.column ? { column: w.column } : {}), message: ref.message });
    } else {
      issues.push({ path: `${ref.kind}:${ref.id}.${ref.field}`, message: `${ref.message}（导入后目录中的已有数据将引用不到）` });
    }
  }
  return { candidate, parsed };
}

/** Orders issues as a person reads them: by sheet, then row. */
function sortIssues(issues: Issue[]): Issue[] {
  const order = (s?: string) => {
    const i = [...Object.values(SECTION), ...Object.values(LIST)].indexOf(s ?? '');
    return i < 0 ? 99 : i % 3;
  };
  return [...issues].sort((a, b) => order(a.sheet) - order(b.sheet) || (a.row ?? 0) - (b.row ?? 0));
}

/**
 * Imports a catalogue (groups, matters, bundles): items are created or replaced by id, others are kept.
 * All or nothing: any issue in any row refuses the whole file, listing every issue by row and column.
 */
export function importCatalog(ctx: AdminContext, actor: Actor, source: { rows: RawRow[]; issues: Issue[] }, opts: { dryRun: boolean; fileName: string }): ImportResult {
  const current = readDocs(ctx.db);
  const issues = [...source.issues];
  if (source.rows.length === 0 && issues.length === 0) throw badRequest('文件中没有可导入的数据');
  const { parsed } = validateImport(current, calendarDocOf(ctx.db), source.rows, issues);
  if (issues.length > 0) {
    const sorted = sortIssues(issues);
    const first = sorted[0]!;
    const where = first.row ? `${first.sheet ? `「${first.sheet}」` : ''}第 ${first.row} 行${first.path ? `「${first.path}」` : ''}` : first.path;
    throw new AdminError('IMPORT_INVALID', 422, `导入文件有 ${sorted.length} 处错误，未导入任何数据。${where}：${first.message}`, sorted);
  }
  const result: ImportResult = { created: { groups: [], services: [], bundles: [] }, updated: { groups: [], services: [], bundles: [] }, dryRun: opts.dryRun };
  for (const p of parsed) {
    const exists = (current[LIST[p.kind]] as { id: string }[]).some((x) => x.id === p.item.id);
    (exists ? result.updated : result.created)[LIST[p.kind]].push(p.item.id);
  }
  if (opts.dryRun) return result;
  const n = (r: Record<string, string[]>) => Object.values(r).reduce((a, l) => a + l.length, 0);
  ctx.change(
    actor,
    () => {
      for (const p of parsed) putDoc(ctx.db, p.kind, p.item.id, p.item);
    },
    () => ({
      action: 'catalog.import',
      targetKind: 'catalog',
      targetId: null,
      summary: `导入目录「${opts.fileName}」：新增 ${n(result.created)} 项，修改 ${n(result.updated)} 项`,
      before: Object.fromEntries(
        (['groups', 'services', 'bundles'] as const).map((l) => [l, (current[l] as { id: string }[]).filter((x) => result.updated[l].includes(x.id))]),
      ),
      after: { created: result.created, updated: result.updated },
    }),
  );
  ctx.refreshCatalog();
  return result;
}

/** The catalogue as JSON, in the import's shape. */
export function exportCatalogJson(ctx: AdminContext) {
  const d = readDocs(ctx.db);
  return { groups: d.groups, services: d.services, bundles: d.bundles };
}

/** The catalogue as a workbook, in the import's shape. */
export async function exportCatalogXlsx(ctx: AdminContext): Promise<Buffer> {
  const d = readDocs(ctx.db);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Yichuang';
  const lists = { group: d.groups, service: d.services, bundle: d.bundles } as const;
  for (const spec of SHEETS as readonly SheetSpec<unknown>[]) {
    const ws = wb.addWorksheet(spec.sheet);
    ws.addRow(spec.columns.map((c) => c.header));
    ws.getRow(1).font = { bold: true };
    for (const item of lists[spec.kind]) ws.addRow(spec.columns.map((c) => c.toCell(item)));
    ws.columns.forEach((c) => (c.width = 18));
    ws.eachRow((r) => (r.alignment = { wrapText: true, vertical: 'top' }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
