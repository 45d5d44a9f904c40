import {
  CATEGORY_NAMES,
  type Bundle,
  type Material,
  type QueueGroup,
  type Service,
  type ServiceCategory,
} from '../../protocol/catalog';

/**
 * The spreadsheet a hall keeps its catalogue in: one sheet per kind, one column per field, Chinese
 * headers. The same columns serve export and import, so an exported workbook imports unchanged.
 */
export type Cell = string | number | boolean | null;

/** A column: its header, the field it fills, and the conversions both ways. */
export interface Column<T> {
  header: string;
  field: string;
  toCell(item: T): Cell;
  /** Cell → field value; throws an Error with a Chinese message for a cell that cannot be read. */
  fromCell(cell: Cell): unknown;
}

export interface SheetSpec<T> {
  sheet: string;
  kind: 'group' | 'service' | 'bundle';
  columns: Column<T>[];
}

const str = (c: Cell): string => (c === null ? '' : String(c).trim());
function num(c: Cell): number | undefined {
  if (c === null || str(c) === '') return undefined;
  const n = typeof c === 'number' ? c : Number(str(c));
  if (!Number.isFinite(n)) throw new Error(`「${str(c)}」不是数字`);
  return n;
}
function yesNo(c: Cell): boolean | undefined {
  if (c === null || str(c) === '') return undefined;
  if (typeof c === 'boolean') return c;
  const s = str(c);
  if (['是', 'Y', 'y', 'true', 'TRUE', '1'].includes(s)) return true;
  if (['否', 'N', 'n', 'false', 'FALSE', '0'].includes(s)) return false;
  throw new Error(`「${s}」应为 是 或 否`);
}
/** A list in one cell: separated by 、 , ， ; ； or new lines. */
function list(c: Cell): string[] {
  return str(c)
    .split(/[、,，;；\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
function labelled<K extends string>(labels: Record<K, string>, what: string) {
  const byLabel = new Map<string, K>(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
  return {
    toCell: (k: K) => labels[k] ?? k,
    fromCell(c: Cell): K | undefined {
      const s = str(c);
      if (s === '') return undefined;
      const k = byLabel.get(s) ?? (s in labels ? (s as K) : undefined);
      if (!k) throw new Error(`${what}「${s}」不认识，可填：${Object.values(labels).join('、')}`);
      return k;
    },
  };
}

export const QUEUE_KIND_LABELS = { intake: '综合受理', pickup: '综合出件', consult: '咨询补证', instant: '马上办', unresolved: '办不成事' } as const;
const kinds = labelled(QUEUE_KIND_LABELS, '队列类型');
const categories = labelled(CATEGORY_NAMES as Record<ServiceCategory, string>, '类别');

/** Materials, one per line: `名称 | 形式 | 份数 | 备注` (form, copies and note may be left out). */
export function materialsToCell(ms: Material[]): string {
  return ms.map((m) => [m.name, m.form, String(m.copies), m.note ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n');
}
export function materialsFromCell(c: Cell): unknown {
  return str(c)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, form, copies, note] = line.split(/\s*[|｜]\s*/);
      const m: Record<string, unknown> = { name };
      if (form) m.form = form;
      if (copies) {
        const n = Number(copies);
        if (!Number.isInteger(n)) throw new Error(`材料「${name}」的份数「${copies}」不是整数`);
        m.copies = n;
      }
      if (note) m.note = note;
      return m;
    });
}

export const GROUP_SHEET: SheetSpec<QueueGroup> = {
  sheet: '队列分组',
  kind: 'group',
  columns: [
    { header: '字母', field: 'id', toCell: (g) => g.id, fromCell: str },
    { header: '名称', field: 'name', toCell: (g) => g.name, fromCell: str },
    { header: '类型', field: 'kind', toCell: (g) => kinds.toCell(g.kind), fromCell: kinds.fromCell },
    { header: '综合窗口可办', field: 'pooled', toCell: (g) => (g.pooled ? '是' : '否'), fromCell: yesNo },
    { header: '号码位数', field: 'numberDigits', toCell: (g) => g.numberDigits, fromCell: num },
  ],
};

export const SERVICE_SHEET: SheetSpec<Service> = {
  sheet: '事项',
  kind: 'service',
  columns: [
    { header: '编号', field: 'id', toCell: (s) => s.id, fromCell: str },
    { header: '事项编码', field: 'code', toCell: (s) => s.code, fromCell: str },
    { header: '主项名称', field: 'name', toCell: (s) => s.name, fromCell: str },
    { header: '子项名称', field: 'subName', toCell: (s) => s.subName, fromCell: (c) => str(c) },
    { header: '类别', field: 'category', toCell: (s) => categories.toCell(s.category), fromCell: categories.fromCell },
    { header: '队列', field: 'groupId', toCell: (s) => s.groupId, fromCell: str },
    { header: '实施部门', field: 'department', toCell: (s) => s.department, fromCell: str },
    { header: '设定依据', field: 'legalBasis', toCell: (s) => s.legalBasis, fromCell: str },
    { header: '申请材料', field: 'materials', toCell: (s) => materialsToCell(s.materials), fromCell: materialsFromCell },
    { header: '办理流程（对外）', field: 'citizenProcess', toCell: (s) => s.citizenProcess, fromCell: str },
    { header: '内部流程（后台）', field: 'backOfficeProcess', toCell: (s) => s.backOfficeProcess, fromCell: str },
    { header: '承诺时限（工作日）', field: 'timeLimitDays', toCell: (s) => s.timeLimitDays, fromCell: num },
    { header: '表单内容', field: 'formContents', toCell: (s) => s.formContents, fromCell: str },
    { header: '平均办理分钟', field: 'avgMinutes', toCell: (s) => s.avgMinutes, fromCell: num },
    { header: '每日号源', field: 'dailyCap', toCell: (s) => s.dailyCap ?? null, fromCell: num },
    { header: '预约号源比例', field: 'appointmentShare', toCell: (s) => s.appointmentShare, fromCell: num },
    { header: '关键词', field: 'keywords', toCell: (s) => s.keywords.join('、'), fromCell: list },
  ],
};

export const BUNDLE_SHEET: SheetSpec<Bundle> = {
  sheet: '一件事',
  kind: 'bundle',
  columns: [
    { header: '编号', field: 'id', toCell: (b) => b.id, fromCell: str },
    { header: '名称', field: 'name', toCell: (b) => b.name, fromCell: str },
    { header: '生活事件', field: 'lifeEvent', toCell: (b) => b.lifeEvent, fromCell: str },
    { header: '说明', field: 'description', toCell: (b) => b.description, fromCell: (c) => str(c) },
    { header: '队列', field: 'groupId', toCell: (b) => b.groupId, fromCell: str },
    { header: '包含事项', field: 'serviceIds', toCell: (b) => b.serviceIds.join('、'), fromCell: list },
    { header: '平均办理分钟', field: 'avgMinutes', toCell: (b) => b.avgMinutes, fromCell: num },
  ],
};

export const SHEETS = [GROUP_SHEET, SERVICE_SHEET, BUNDLE_SHEET] as const;

/** A (0-based) column index as a spreadsheet letter: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

