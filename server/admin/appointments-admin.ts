import type { AppointmentRow, AppointmentState } from '../../protocol/admin';
import type { Appointment } from '../domain/types';
import { businessDateOf } from '../../protocol/business-date';
import { businessDateSchema } from '../../protocol/commands';
import { writeAudit } from './audit';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { AdminError, badRequest, type Issue } from './errors';
import { loadExcel } from '../excel';

const MINUTE = 60_000;
/** The columns of an appointment file (CSV or the first sheet of an xlsx), by their header. */
const COLUMNS = ['预约码', '日期', '事项编号', '开始时间', '结束时间'] as const;
const CODE = /^[A-Za-z0-9-]{4,32}$/;
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * The appointments of a date with what became of them: 已到 (a ticket taken within the slot and its
 * grace), 迟到 (a ticket taken outside it, so without the appointment's priority), 爽约 (none, and the
 * slot with its grace is over), 待到 (not yet).
 */
export function listAppointments(ctx: AdminContext, date: string | undefined): { date: string; appointments: AppointmentRow[] } {
  const { state } = ctx.hall;
  const day = date ?? state.businessDate ?? businessDateOf(ctx.now());
  if (!businessDateSchema.safeParse(day).success) throw badRequest('日期格式应为 YYYY-MM-DD');
  const grace = state.catalog.settings.appointmentGraceMinutes * MINUTE;
  const rows = ctx.db
    .prepare('SELECT code, date, service_ids, slot_start, slot_end, used_by_ticket_id FROM appointments WHERE date = ? ORDER BY slot_start, code')
    .all(day) as { code: string; date: string; service_ids: string; slot_start: number; slot_end: number; used_by_ticket_id: string | null }[];
  const now = ctx.now();
  return {
    date: day,
    appointments: rows.map((r) => {
      const ticket = r.used_by_ticket_id ? ticketOf(ctx, r.used_by_ticket_id) : null;
      let s: AppointmentState;
      if (r.used_by_ticket_id) s = ticket && ticket.priority !== 'appointment' ? 'late' : 'arrived';
      else s = now > r.slot_end + grace ? 'noShow' : 'pending';
      return { code: r.code, date: r.date, serviceIds: JSON.parse(r.service_ids) as string[], slotStart: r.slot_start, slotEnd: r.slot_end, state: s, ticketNumber: ticket?.number ?? null };
    }),
  };
}

function ticketOf(ctx: AdminContext, id: string): { number: string; priority: string } | null {
  const live = ctx.hall.state.tickets.get(id);
  if (live) return live;
  const row = ctx.db.prepare('SELECT doc FROM tickets WHERE id = ?').get(id) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as { number: string; priority: string }) : null;
}

/** Cells of a file, row by row (row 1 the header). */
type Grid = { row: number; cells: string[] }[];

/** A CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks; a BOM is dropped). */
export function csvGrid(text: string): Grid {
  const out: Grid = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) out.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return out;
}

/** The first sheet of an xlsx workbook as text cells. */
export async function xlsxGrid(buffer: Buffer): Promise<Grid | null> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  } catch {
    return null;
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: Grid = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: true }, (c, col) => {
      const v = c.value;
      // A date cell is a calendar date; times typed as text stay text.
      cells[col - 1] = v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v);
    });
    out.push({ row: rowNumber, cells: Array.from(cells, (x) => x ?? '') });
  });
  return out;
}

const colLetter = (i: number) => String.fromCharCode(65 + i);

/**
 * Imports appointments from a file's grid, all or nothing: any bad row refuses the whole file, with every
 * problem named by row and column. Codes already known are kept as they were (a repeated file is
 * harmless), as `POST /api/appointments` does. Times are the hall's (+08:00).
 */
export function importAppointments(ctx: AdminContext, actor: Actor, grid: Grid | null, opts: { dryRun: boolean; fileName: string }): { added: number; kept: number; dryRun: boolean } {
  if (!grid) throw badRequest('无法读取文件：不是有效的 xlsx 工作簿');
  const [header, ...body] = grid;
  const issues: Issue[] = [];
  if (!header) throw badRequest('文件是空的');
  const col = new Map(header.cells.map((h, i) => [h.trim(), i]));
  const missing = COLUMNS.filter((c) => !col.has(c));
  if (missing.length) throw badRequest(`缺少列：${missing.join('、')}`, [{ row: header.row, path: missing.join('、'), message: `缺少列：${missing.join('、')}` }]);
  if (body.length === 0) throw badRequest('文件中没有预约');
  if (body.length > 5000) throw badRequest('一次最多导入 5000 条预约');
  const { catalog } = ctx.hall.state;
  const list: Appointment[] = [];
  const seen = new Set<string>();
  for (const r of body) {
    const get = (c: (typeof COLUMNS)[number]) => (r.cells[col.get(c)!] ?? '').trim();
    const bad = (c: (typeof COLUMNS)[number], message: string) => issues.push({ row: r.row, column: colLetter(col.get(c)!), path: c, message });
    const code = get('预约码').toUpperCase();
    if (!CODE.test(code)) bad('预约码', '预约码应为 4–32 位字母、数字或短横线');
    else if (seen.has(code)) bad('预约码', `预约码 ${code} 在文件中重复`);
    seen.add(code);
    const date = get('日期');
    if (!businessDateSchema.safeParse(date).success) bad('日期', '日期应为 YYYY-MM-DD');
    const serviceIds = get('事项编号').split(/[、,，;；\s]+/).filter(Boolean);
    if (serviceIds.length === 0) bad('事项编号', '请填写事项编号');
    for (const id of serviceIds) if (!catalog.services.has(id)) bad('事项编号', `事项 ${id} 不存在`);
    const [from, to] = [get('开始时间'), get('结束时间')];
    if (!TIME.test(from)) bad('开始时间', '时间应为 HH:MM');
    if (!TIME.test(to)) bad('结束时间', '时间应为 HH:MM');
    if (TIME.test(from) && TIME.test(to) && businessDateSchema.safeParse(date).success) {
      const at = (t: string) => Date.parse(`${date}T${t.padStart(5, '0')}:00+08:00`);
      if (at(to) <= at(from)) bad('结束时间', '结束时间应晚于开始时间');
      list.push({ code, date, serviceIds, slotStart: at(from), slotEnd: at(to), usedByTicketId: null });
    }
  }
  if (issues.length) throw new AdminError('BAD_REQUEST', 400, `有 ${issues.length} 处问题，未导入任何预约`, issues);
  if (opts.dryRun) {
    const known = ctx.db.prepare('SELECT 1 FROM appointments WHERE code = ?');
    const kept = list.filter((a) => known.get(a.code)).length;
    return { added: list.length - kept, kept, dryRun: true };
  }
  let added: Appointment[] = [];
  ctx.db.transaction(() => {
    added = ctx.hall.store.addAppointments(list);
    writeAudit(ctx.db, actor, ctx.now(), {
      action: 'import',
      targetKind: 'appointments',
      targetId: null,
      summary: `从 ${opts.fileName} 导入预约 ${added.length} 条（已有 ${list.length - added.length} 条未变）`,
      before: null,
      after: null,
    });
  })();
  // Memory after the commit: only the ones the database took (new codes).
  for (const a of added) ctx.hall.state.appointments.set(a.code, a);
  return { added: added.length, kept: list.length - added.length, dryRun: false };
}
