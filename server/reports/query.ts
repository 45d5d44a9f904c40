import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), '不是有效日期');

/** How a report groups its rows. */
export const DIMENSIONS = ['hall', 'date', 'group', 'window', 'clerk', 'matter', 'shift', 'priority', 'dayKind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = {
  hall: '全厅',
  date: '日期',
  group: '队列',
  window: '窗口',
  clerk: '工作人员',
  matter: '事项',
  shift: '班次',
  priority: '优先类别',
  dayKind: '工作日/周末',
};

/** The kind of day as reports split it. */
export type ReportDayKind = 'workday' | 'weekend' | 'holiday';
export const DAY_KIND_LABELS: Record<ReportDayKind, string> = { workday: '工作日', weekend: '周末', holiday: '节假日' };

/** A report request: a date range (business dates, both included), a grouping and optional filters. */
export const reportQuerySchema = z
  .object({
    from: date,
    to: date,
    by: z.enum(DIMENSIONS).default('hall'),
    windowId: z.string().min(1).max(64).optional(),
    staffId: z.string().min(1).max(64).optional(),
    serviceId: z.string().min(1).max(64).optional(),
    groupId: z.string().regex(/^[A-Z]$/).optional(),
    shiftId: z.string().min(1).max(64).optional(),
    priority: z.enum(['none', 'elderly', 'disabled', 'military', 'pregnant', 'appointment']).optional(),
    dayKind: z.enum(['workday', 'weekend', 'holiday']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: '一次最多查询 367 天', path: ['to'] });
export type ReportQuery = z.infer<typeof reportQuerySchema>;
