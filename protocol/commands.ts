import { z } from 'zod';
import { priorityClassSchema } from './catalog';

/**
 * Payload schemas of every terminal command. The server parses each payload with these before anything
 * else; the terminals use the inferred types to build them. Names are `area:verb`.
 */
const requestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'requestId: letters, digits, - and _');
const entityId = z.string().min(1).max(64);

/** True when `date` is a real calendar date written `YYYY-MM-DD` (2026-13-45 and 2026-02-30 are not). */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.toISOString().slice(0, 10) === date;
}
/** A business date (营业日): a real calendar date, not just its shape. */
export const businessDateSchema = z.string().refine(isCalendarDate, 'businessDate: a real date, YYYY-MM-DD');

export const commandSchemas = {
  'window:signIn': z.object({ requestId, windowId: entityId, override: z.boolean().optional() }),
  'window:signOut': z.object({ requestId }),
  'window:callNext': z.object({ requestId }),
  'window:callTicket': z.object({
    requestId,
    ticketId: entityId,
    reason: z.enum(['green_channel', 'appointment', 'other']),
    note: z.string().max(200).default(''),
  }),
  'window:pause': z.object({ requestId, reason: z.enum(['lunch', 'meeting', 'backoffice', 'break', 'other']) }),
  'window:resume': z.object({ requestId }),
  'ticket:take': z
    .object({
      requestId,
      serviceIds: z.array(entityId).min(1).max(20).optional(),
      bundleId: entityId.optional(),
      priority: priorityClassSchema.exclude(['appointment']).optional(),
      appointmentCode: z.string().trim().min(4).max(32).optional(),
      idNumber: z.string().trim().min(1).max(32).optional(),
      phone: z.string().trim().min(1).max(20).optional(),
    })
    .refine((p) => p.serviceIds || p.bundleId || p.appointmentCode, {
      message: 'serviceIds, bundleId or appointmentCode is required',
    }),
  /** Print on the kiosk's network printer; a second paper only when the citizen asks (`reprint`). */
  'ticket:print': z.object({ requestId, ticketId: entityId, reprint: z.boolean().default(false) }),
  'ticket:recall': z.object({ requestId, ticketId: entityId }),
  'ticket:start': z.object({ requestId, ticketId: entityId }),
  'ticket:noShow': z.object({ requestId, ticketId: entityId }),
  'ticket:return': z.object({ requestId, ticketId: entityId }),
  /** The window the ticket is at, the manager, or the kiosk that just issued it; staff give a reason. */
  'ticket:cancel': z.object({ requestId, ticketId: entityId, reason: z.string().trim().min(1).max(200).optional() }),
  'ticket:complete': z.object({
    requestId,
    ticketId: entityId,
    outcome: z.enum(['done', 'accepted', 'correction', 'rejected']),
    serviceIds: z.array(entityId).min(1).max(30),
  }),
  'ticket:transfer': z
    .object({
      requestId,
      ticketId: entityId,
      serviceIds: z.array(entityId).min(1).max(30).optional(),
      windowId: entityId.optional(),
      /** Transfer even though no staffed window can serve the target now (the clerk was warned). */
      acceptUnstaffed: z.boolean().optional(),
    })
    .refine((p) => p.serviceIds || p.windowId, { message: 'serviceIds or windowId is required' }),
  /**
   * 改派 (hall manager): a waiting ticket to a named window and/or other matters (their queue group), with
   * a reason. The ticket keeps its place in time (docs/admin.md).
   */
  'ticket:reassign': z
    .object({
      requestId,
      ticketId: entityId,
      serviceIds: z.array(entityId).min(1).max(30).optional(),
      windowId: entityId.optional(),
      reason: z.string().trim().min(2, '请填写改派原因（至少两个字）').max(200),
    })
    .refine((p) => p.serviceIds || p.windowId, { message: 'serviceIds or windowId is required' }),
  'evaluation:submit': z.object({
    requestId,
    ticketId: entityId,
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    comment: z.string().max(500).default(''),
  }),
  'day:open': z.object({ requestId, businessDate: businessDateSchema.optional() }),
  'day:close': z.object({ requestId, reason: z.string().min(1).max(200).default('营业结束') }),
  /** Not a change: ask for a fresh snapshot (a terminal that saw a gap in seq). */
  'hall:resync': z.object({}).passthrough(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandPayload<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type ParsedCommand<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

/** Which role may give which command. Checked in one place (the socket middleware), never per handler. */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  'window:signIn': ['clerk', 'admin'],
  'window:signOut': ['clerk', 'admin'],
  'window:callNext': ['clerk', 'admin'],
  'window:callTicket': ['clerk', 'admin'],
  'window:pause': ['clerk', 'admin'],
  'window:resume': ['clerk', 'admin'],
  'ticket:take': ['kiosk'],
  'ticket:print': ['kiosk'],
  'ticket:recall': ['clerk', 'admin'],
  'ticket:start': ['clerk', 'admin'],
  'ticket:noShow': ['clerk', 'admin'],
  'ticket:return': ['clerk', 'admin', 'kiosk'],
  'ticket:cancel': ['clerk', 'admin', 'kiosk'],
  'ticket:complete': ['clerk', 'admin'],
  'ticket:transfer': ['clerk', 'admin'],
  'ticket:reassign': ['admin'],
  'evaluation:submit': ['eval'],
  'day:open': ['admin'],
  'day:close': ['admin'],
  'hall:resync': ['kiosk', 'clerk', 'display', 'eval', 'admin'],
};

export const ROLES = ['kiosk', 'clerk', 'display', 'eval', 'admin'] as const;
export type Role = (typeof ROLES)[number];
