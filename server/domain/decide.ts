import { isCalendarDate } from '../../protocol/commands';
import type { ErrorCode } from '../../protocol/errors';
import { refusal } from '../../protocol/errors';
import { businessDateOf } from '../../protocol/business-date';
import { describeReason, firstInGroup, pickNext } from './dispatch';
import { windowCanServe } from './eligibility';
import { servability } from './servability';
import type { HallCommand, HallEvent } from './events';
import { useAppointment } from './policies/appointment';
import { queueGroupOf, resolveMatters } from './policies/matters';
import { ticketNumber } from './policies/numbering';
import { priorityBonusMs, priorityOf } from './policies/priority';
import { checkQuota } from './policies/quota';
import type { CaseInfo, DecideContext, DomainError, HallState, Ticket, WindowRuntime } from './types';

/** decide's answer: the events to commit, or a typed refusal that changes nothing. */
export type Decision = { ok: true; events: HallEvent[] } | { ok: false; error: DomainError };

const DAY = 24 * 60 * 60_000;

function refuse(code: ErrorCode, message?: string): Decision {
  return { ok: false, error: refusal(code, message) };
}
function accept(...events: HallEvent[]): Decision {
  return { ok: true, events };
}

/**
 * The hall's rules as one pure function: the state, a command and the context (time, ids, calendar) in;
 * events or a typed error out. It never mutates the state and does no I/O.
 */
export function decide(state: HallState, cmd: HallCommand, ctx: DecideContext): Decision {
  switch (cmd.type) {
    case 'day.open':
      return openDay(state, cmd, ctx);
    case 'day.close':
      return closeDay(state, cmd.reason, ctx);
    case 'ticket.take':
      return take(state, cmd, ctx);
    case 'ticket.return':
      return returnNoShow(state, cmd.ticketId, ctx);
    case 'ticket.cancel':
      return cancel(state, cmd, ctx);
    case 'ticket.reassign':
      return reassign(state, cmd, ctx);
    case 'window.signIn':
      return signIn(state, cmd, ctx);
    case 'evaluation.submit':
      return evaluate(state, cmd, ctx);
    default:
      return windowCommand(state, cmd, ctx);
  }
}

/** How long after issuing a ticket its kiosk may still cancel it (the citizen pressed 取消 on the ticket screen). */
export const KIOSK_CANCEL_MS = 5 * 60_000;

/**
 * Cancels a ticket, with a reason. Each canceller has its own tickets: a window those called or serving
 * there (the cancel frees the window), the manager any ticket not yet final, the kiosk only the waiting
 * ticket it issued itself, within `KIOSK_CANCEL_MS`. A clerk cannot cancel someone else's waiting citizen.
 */
function cancel(state: HallState, cmd: Extract<HallCommand, { type: 'ticket.cancel' }>, ctx: DecideContext): Decision {
  if (!state.dayOpen) return refuse('DAY_NOT_OPEN');
  const reason = cmd.reason.trim();
  if (reason.length === 0) return refuse('REASON_REQUIRED', '取消号票必须填写原因');
  const { by } = cmd;
  if (by.kind === 'window') {
    const w = state.windows.get(by.windowId);
    if (!w || w.status === 'closed' || w.staffId !== by.staffId) return refuse('WINDOW_NOT_SIGNED_IN');
  }
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  const atWindow = t.state === 'called' || t.state === 'serving';
  if (by.kind === 'window') {
    if (!atWindow || t.windowId !== by.windowId) return refuse('TICKET_NOT_AT_WINDOW', '只能取消本窗口正在呼叫或办理的号票');
  } else if (by.kind === 'kiosk') {
    if (t.issuedBy !== by.deviceId) return refuse('FORBIDDEN', '取号机只能取消本机刚取的号票');
    if (t.state !== 'waiting') return refuse('TICKET_NOT_WAITING');
    if (ctx.now - t.takenAt > KIOSK_CANCEL_MS) return refuse('CANCEL_TOO_LATE');
  } else if (t.state !== 'waiting' && !atWindow) {
    return refuse('TICKET_NOT_WAITING');
  }
  const windowId = atWindow && t.windowId ? { windowId: t.windowId } : {};
  return accept({ type: 'TicketCancelled', at: ctx.now, ticketId: t.id, reason, ...windowId });
}

/**
 * 改派: the hall manager moves a waiting ticket to a named window and/or to other matters (their queue
 * group), with a reason. Only a waiting ticket: one called or in service is the clerk's (a transfer). The
 * target must be served by a staffed window now: reassigning exists to rescue a ticket nobody can call,
 * so a target nobody can call is refused (the manager opens a window first).
 *
 * The ticket keeps its place in time: its key (queuedAt − waitedMs − priority bonus, or a returned
 * no-show's placement) and its ordinal stay as they are, so it enters the new line exactly where the wait
 * already done puts it — the place a transfer gives a ticket (it is re-keyed at now − waited − bonus, which
 * for a waiting ticket is the key it has). Its take time, priority class and number do not change.
 */
function reassign(state: HallState, cmd: Extract<HallCommand, { type: 'ticket.reassign' }>, ctx: DecideContext): Decision {
  if (!state.dayOpen) return refuse('DAY_NOT_OPEN');
  const reason = cmd.reason.trim();
  if (reason.length === 0) return refuse('REASON_REQUIRED', '改派号票必须填写原因');
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.state !== 'waiting') return refuse('TICKET_NOT_WAITING', '只能改派等候中的号票；已叫号或办理中的号票由窗口转办');
  const { catalog } = state;
  if (!cmd.serviceIds?.length && !cmd.targetWindowId) return refuse('BAD_REQUEST', '请选择改派的窗口或事项');
  const moved = moveTarget(state, t, cmd.serviceIds, cmd.targetWindowId);
  if ('ok' in moved) return moved;
  const { serviceIds, groupId, targetWindowId } = moved;
  const same = targetWindowId === t.targetWindowId && groupId === t.groupId && [...serviceIds].sort().join() === [...t.serviceIds].sort().join();
  if (same) return refuse('BAD_REQUEST', '改派目标与号票当前所在队列相同');
  const s = servability(state, { groupId, serviceIds, targetWindowId });
  if (!s.now) {
    const where = targetWindowId ? `${catalog.windows.get(targetWindowId)!.name}当前无人值守` : '当前没有开放的窗口能办理这些事项';
    return refuse('REASSIGN_TARGET_UNSTAFFED', `${where}，请先开启窗口或改派到有人值守的窗口`);
  }
  return accept({
    type: 'TicketReassigned',
    at: ctx.now,
    ticketId: t.id,
    byStaffId: cmd.staffId,
    reason,
    from: { groupId: t.groupId, serviceIds: [...t.serviceIds], targetWindowId: t.targetWindowId },
    serviceIds,
    groupId,
    targetWindowId,
  });
}

/**
 * Opens a business day. Without `force` the date must be within a day of the hall's clock and not earlier
 * than the day the hall holds; a manager may force any real date with a reason (the way back from a
 * wrong day). Reopening the day the hall holds carries on its numbering (evolve keeps the day); opening
 * another date closes the open one first.
 */
function openDay(state: HallState, cmd: Extract<HallCommand, { type: 'day.open' }>, ctx: DecideContext): Decision {
  const { businessDate, force } = cmd;
  if (!isCalendarDate(businessDate)) return refuse('INVALID_BUSINESS_DATE', `营业日 ${businessDate} 不是有效日期`);
  if (state.dayOpen && state.businessDate === businessDate) return refuse('DAY_ALREADY_OPEN');
  if (force && force.reason.trim().length === 0) return refuse('BAD_REQUEST', '强制开启营业日必须填写原因');
  if (!force) {
    const hallDate = businessDateOf(ctx.now);
    if (Math.abs(Date.parse(businessDate) - Date.parse(hallDate)) > DAY) {
      return refuse('BUSINESS_DATE_OUT_OF_RANGE', `营业日 ${businessDate} 与大厅日期 ${hallDate} 相差超过一天；确需开启请强制开启并填写原因`);
    }
    if (state.businessDate && businessDate < state.businessDate) {
      return refuse('BUSINESS_DATE_EARLIER', `营业日 ${businessDate} 早于当前营业日 ${state.businessDate}；如需改回请强制开启并填写原因`);
    }
  }
  const events: HallEvent[] = [];
  // A day left open (the server was down at closing time, or a wrong date) is closed first, so nothing
  // carries over silently.
  if (state.dayOpen) {
    const closed = closeDay(state, force ? `营业日改为 ${businessDate}（${force.reason.trim()}）` : '跨日自动结束', ctx);
    if (closed.ok) events.push(...closed.events);
  }
  events.push(force ? { type: 'DayOpened', at: ctx.now, businessDate, forced: { reason: force.reason.trim() } } : { type: 'DayOpened', at: ctx.now, businessDate });
  return { ok: true, events };
}

function closeDay(state: HallState, reason: string, ctx: DecideContext): Decision {
  if (!state.dayOpen || !state.businessDate) return refuse('DAY_NOT_OPEN');
  const open = [...state.tickets.values()].filter((t) => t.state === 'waiting' || t.state === 'called' || t.state === 'serving');
  const signedIn = [...state.windows.values()].filter((w) => w.status !== 'closed').map((w) => w.id);
  return accept({
    type: 'DayClosed',
    at: ctx.now,
    businessDate: state.businessDate,
    reason,
    closedTicketIds: open.map((t) => t.id),
    signedOutWindowIds: signedIn,
  });
}

/**
 * A new ticket, composed from the policies in `./policies/`: what it is for, the calendar, the appointment,
 * its priority class, the daily caps, then its number and place in the line. The order of the checks is
 * the order of the refusals a kiosk sees.
 */
function take(state: HallState, cmd: Extract<HallCommand, { type: 'ticket.take' }>, ctx: DecideContext): Decision {
  const { catalog } = state;
  const booked = cmd.appointmentCode ? state.appointments.get(cmd.appointmentCode) : undefined;
  if (cmd.appointmentCode && !booked) return refuse('UNKNOWN_APPOINTMENT');
  const matters = resolveMatters(catalog, cmd, booked);
  if (!matters.ok) return matters;
  const { serviceIds, groupId, bundleId } = matters.value;
  const group = catalog.groups.get(groupId);
  if (!group) return refuse('INTERNAL');
  // The calendar first: outside opening hours its refusal says when tickets can be taken again.
  const closed = ctx.schedule?.canIssue(ctx.now, groupId, serviceIds);
  if (closed) return { ok: false, error: closed };
  if (!state.dayOpen || !state.businessDate) return refuse('DAY_NOT_OPEN');

  const appointment = booked ? useAppointment(booked, state.businessDate, ctx.now, catalog.settings.appointmentGraceMinutes) : null;
  if (appointment && !appointment.ok) return appointment;
  const appointmentCode = appointment?.value.appointmentCode ?? null;
  const { priority, prioritySource } = priorityOf({
    declared: cmd.priority,
    onTimeAppointment: appointment?.value.onTime ?? false,
    age: cmd.age,
    elderlyAge: catalog.settings.elderlyAge,
  });
  const overCap = checkQuota(catalog.services, state.serviceTaken, serviceIds, appointmentCode !== null);
  if (overCap) return { ok: false, error: overCap };

  const ticket: Ticket = {
    id: ctx.newId(),
    number: ticketNumber(groupId, state.counters.get(groupId) ?? 0, group.numberDigits),
    groupId,
    businessDate: state.businessDate,
    serviceIds,
    bundleId,
    priority,
    prioritySource,
    appointmentCode,
    applicant: cmd.applicant ?? {},
    ...(cmd.issuedBy ? { issuedBy: cmd.issuedBy } : {}),
    state: 'waiting',
    takenAt: ctx.now,
    queuedAt: ctx.now,
    waitedMs: 0,
    sortKey: ctx.now - priorityBonusMs(catalog.settings, priority),
    ordinal: state.nextOrdinal,
    targetWindowId: null,
    windowId: null,
    staffId: null,
    calledAt: null,
    lastCalledAt: null,
    callCount: 0,
    startedAt: null,
    completedAt: null,
    endedAt: null,
    returns: 0,
    transfers: 0,
    outcome: null,
    caseIds: [],
    endReason: null,
  };
  return accept({ type: 'TicketTaken', at: ctx.now, ticket });
}

/** The one queue group of a set of matters, as a decision when it is refused (transfers use it too). */
function groupOf(state: HallState, serviceIds: string[]): string | Decision {
  const group = queueGroupOf(state.catalog, serviceIds);
  return typeof group === 'string' ? group : { ok: false, error: group };
}

function returnNoShow(state: HallState, ticketId: string, ctx: DecideContext): Decision {
  if (!state.dayOpen) return refuse('DAY_NOT_OPEN');
  const t = state.tickets.get(ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.state !== 'noShow') return refuse('TICKET_NOT_NO_SHOW');
  if (t.returns >= state.catalog.settings.noShowMaxReturns) return refuse('RETURN_LIMIT');
  // Behind `noShowReturnBehind` others of its group: right after the k-th in line (between it and the next
  // one, whose key may be equal: the ordinal then falls between theirs), or at the back if fewer wait.
  const k = state.catalog.settings.noShowReturnBehind;
  const line = firstInGroup(state, t.groupId, k + 1);
  let sortKey: number;
  let ordinal: number;
  if (k === 0) {
    const head = line[0];
    sortKey = head ? Math.min(head.key, ctx.now) : ctx.now;
    ordinal = head && head.key === sortKey ? head.ordinal - 0.5 : state.nextOrdinal;
  } else if (line.length < k) {
    sortKey = Math.max(ctx.now, ...line.map((e) => e.key));
    ordinal = state.nextOrdinal;
  } else {
    const kth = line[k - 1]!;
    const next = line[k];
    sortKey = kth.key;
    ordinal = next && next.key === kth.key ? (kth.ordinal + next.ordinal) / 2 : kth.ordinal + 0.5;
  }
  return accept({ type: 'TicketReturned', at: ctx.now, ticketId, sortKey, ordinal });
}

function signIn(state: HallState, cmd: Extract<HallCommand, { type: 'window.signIn' }>, ctx: DecideContext): Decision {
  if (!state.catalog.windows.has(cmd.windowId)) return refuse('UNKNOWN_WINDOW');
  const w = state.windows.get(cmd.windowId)!;
  if (w.status !== 'closed') {
    return w.staffId === cmd.staffId ? accept() : refuse('WINDOW_TAKEN');
  }
  for (const other of state.windows.values()) {
    if (other.staffId === cmd.staffId && other.status !== 'closed') return refuse('ALREADY_SIGNED_IN', `您已登录 ${other.id}，请先退出`);
  }
  if (!cmd.override) {
    const refused = ctx.schedule?.canSignIn(ctx.now, cmd.staffId, cmd.windowId);
    if (refused) return { ok: false, error: refused };
  }
  return accept({ type: 'WindowSignedIn', at: ctx.now, windowId: cmd.windowId, staffId: cmd.staffId, override: !!cmd.override });
}

type WindowCmd = Exclude<
  HallCommand,
  { type: 'day.open' | 'day.close' | 'ticket.take' | 'ticket.return' | 'ticket.cancel' | 'ticket.reassign' | 'window.signIn' | 'evaluation.submit' }
>;

/** Commands a signed-in clerk gives at their window. */
function windowCommand(state: HallState, cmd: WindowCmd, ctx: DecideContext): Decision {
  const w = state.windows.get(cmd.windowId);
  if (!w || !state.catalog.windows.has(cmd.windowId)) return refuse('UNKNOWN_WINDOW');
  if (w.status === 'closed' || w.staffId !== cmd.staffId) return refuse('WINDOW_NOT_SIGNED_IN');
  const at = ctx.now;
  switch (cmd.type) {
    case 'window.signOut':
      if (w.currentTicketId) return refuse('WINDOW_BUSY');
      return accept({ type: 'WindowSignedOut', at, windowId: w.id, staffId: cmd.staffId });
    case 'window.pause':
      if (w.currentTicketId) return refuse('WINDOW_BUSY');
      if (w.status === 'paused') return refuse('WINDOW_PAUSED');
      return accept({ type: 'WindowPaused', at, windowId: w.id, reason: cmd.reason });
    case 'window.resume':
      if (w.status !== 'paused') return refuse('WINDOW_NOT_PAUSED');
      return accept({ type: 'WindowResumed', at, windowId: w.id });
    case 'window.callNext':
    case 'window.callTicket':
      return call(state, w, cmd, ctx);
  }
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.windowId !== w.id || (t.state !== 'called' && t.state !== 'serving')) return refuse('TICKET_NOT_AT_WINDOW');
  const settings = state.catalog.settings;
  switch (cmd.type) {
    case 'ticket.recall': {
      if (t.state !== 'called') return refuse('TICKET_NOT_CALLED');
      const wait = settings.recallCooldownSeconds * 1000 - (at - (t.lastCalledAt ?? 0));
      if (wait > 0) return refuse('RECALL_COOLDOWN', `请 ${Math.ceil(wait / 1000)} 秒后再重呼`);
      return accept({ type: 'TicketRecalled', at, ticketId: t.id, windowId: w.id });
    }
    case 'ticket.start':
      if (t.state !== 'called') return refuse('TICKET_NOT_CALLED');
      return accept({ type: 'TicketStarted', at, ticketId: t.id, windowId: w.id });
    case 'ticket.noShow':
      if (t.state !== 'called') return refuse('TICKET_NOT_CALLED');
      if (t.callCount < settings.minCallsBeforeNoShow) {
        return refuse('NO_SHOW_TOO_EARLY', `至少呼叫 ${settings.minCallsBeforeNoShow} 次后才能标记过号（已呼叫 ${t.callCount} 次）`);
      }
      return accept({ type: 'TicketNoShow', at, ticketId: t.id, windowId: w.id });
    case 'ticket.complete':
      return complete(state, w, t, cmd, at);
    case 'ticket.transfer':
      return transfer(state, w, t, cmd, at);
  }
}

function call(
  state: HallState,
  w: WindowRuntime,
  cmd: Extract<HallCommand, { type: 'window.callNext' | 'window.callTicket' }>,
  ctx: DecideContext,
): Decision {
  if (!state.dayOpen) return refuse('DAY_NOT_OPEN');
  if (w.status === 'paused') return refuse('WINDOW_PAUSED');
  if (w.currentTicketId) return refuse('WINDOW_BUSY', '请先完成、转办或标记过号当前号票');
  if (cmd.type === 'window.callNext') {
    const pick = pickNext(state, w.id, ctx.now);
    if (!pick) return accept();
    // The event spelled out, not spread from a base: V8 (Node 20) adds a key after a spread some fifty
    // times slower than it builds the literal, and the simulator's runs call a few million times a day.
    return accept({ type: 'TicketCalled', at: ctx.now, windowId: w.id, staffId: cmd.staffId, ticketId: pick.ticketId, reason: pick.reason, priority: pick.priority, outOfTurn: null });
  }
  // Out of turn: only with a reason, which is logged with the call.
  const note = cmd.note.trim();
  if (cmd.reason === 'other' && note.length === 0) return refuse('REASON_REQUIRED');
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.state !== 'waiting') return refuse('TICKET_NOT_WAITING');
  const def = state.catalog.windows.get(w.id)!;
  const canServe = t.targetWindowId ? t.targetWindowId === w.id : windowCanServe(state.catalog, def, t.groupId, t.serviceIds);
  if (!canServe) return refuse('CANNOT_SERVE');
  const label = { green_channel: '绿色通道', appointment: '预约', other: '其他' }[cmd.reason];
  return accept({
    type: 'TicketCalled',
    at: ctx.now,
    windowId: w.id,
    staffId: cmd.staffId,
    ticketId: t.id,
    reason: { ...describeReason('OUT_OF_TURN', t, ctx.now), text: `跳号叫号（${label}${note ? `：${note}` : ''}）` },
    priority: t.priority !== 'none',
    outOfTurn: { reason: cmd.reason, note },
  });
}

function complete(
  state: HallState,
  w: WindowRuntime,
  t: Ticket,
  cmd: Extract<HallCommand, { type: 'ticket.complete' }>,
  at: number,
): Decision {
  if (t.state !== 'serving' && t.state !== 'called') return refuse('TICKET_NOT_SERVING');
  const handled = [...new Set(cmd.serviceIds)];
  if (handled.length === 0) return refuse('SERVICES_REQUIRED');
  for (const id of handled) if (!state.catalog.services.has(id)) return refuse('UNKNOWN_SERVICE', `事项 ${id} 不存在`);
  // A case goes to the district under this window's name: a matter outside its skills is refused, not
  // recorded (the clerk transfers the ticket to a window that can serve it).
  const def = state.catalog.windows.get(w.id)!;
  for (const id of handled) {
    const service = state.catalog.services.get(id)!;
    if (!windowCanServe(state.catalog, def, service.groupId, [id])) return refuse('CANNOT_SERVE', `本窗口不能办理事项 ${service.name}，请转办`);
  }
  // One case per handled matter; a bundle handled whole is one case that lists every matter (一件事).
  const cases: CaseInfo[] = [];
  const bundle = t.bundleId ? state.catalog.bundles.get(t.bundleId) : undefined;
  const prefix = `${state.catalog.hall.code}${state.businessDate!.replaceAll('-', '')}`;
  let n = state.caseCounter;
  const rest = new Set(handled);
  if (bundle && bundle.serviceIds.every((s) => rest.has(s))) {
    cases.push({ caseId: caseNumber(prefix, ++n), serviceIds: [...bundle.serviceIds], bundleId: bundle.id });
    for (const s of bundle.serviceIds) rest.delete(s);
  }
  for (const s of rest) cases.push({ caseId: caseNumber(prefix, ++n), serviceIds: [s], bundleId: null });
  return accept({ type: 'TicketCompleted', at, ticketId: t.id, windowId: w.id, staffId: w.staffId!, outcome: cmd.outcome, serviceIds: handled, cases });
}

/** A case's number (办件编号): the hall's code and the business date (`prefix`), then the day's count. */
function caseNumber(prefix: string, n: number): string {
  return prefix + String(n).padStart(5, '0');
}

/** Where a transfer or a 改派 sends a ticket: its matters (so its queue group) and the window it names. */
interface MoveTarget {
  serviceIds: string[];
  groupId: string;
  targetWindowId: string | null;
}

/**
 * Checks a transfer's or a 改派's target: new matters must share one group, a named window must exist
 * and serve them. Matters not given stay the ticket's own; a refusal comes back as the Decision.
 */
function moveTarget(state: HallState, t: Ticket, serviceIdsAsked: string[] | undefined, windowIdAsked: string | undefined): MoveTarget | Decision {
  const { catalog } = state;
  const serviceIds = serviceIdsAsked?.length ? [...new Set(serviceIdsAsked)] : [...t.serviceIds];
  let groupId = t.groupId;
  if (serviceIdsAsked?.length) {
    const group = groupOf(state, serviceIds);
    if (typeof group !== 'string') return group;
    groupId = group;
  }
  if (!windowIdAsked) return { serviceIds, groupId, targetWindowId: null };
  const target = catalog.windows.get(windowIdAsked);
  if (!target) return refuse('UNKNOWN_WINDOW');
  if (!windowCanServe(catalog, target, groupId, serviceIds)) return refuse('CANNOT_SERVE', `${target.name}不能办理这些事项`);
  return { serviceIds, groupId, targetWindowId: target.id };
}

function transfer(
  state: HallState,
  w: WindowRuntime,
  t: Ticket,
  cmd: Extract<HallCommand, { type: 'ticket.transfer' }>,
  at: number,
): Decision {
  const { catalog } = state;
  if (!cmd.serviceIds?.length && !cmd.targetWindowId) return refuse('BAD_REQUEST', '请选择转办的事项或窗口');
  if (cmd.targetWindowId === w.id) return refuse('BAD_REQUEST', '不能转给本窗口');
  const moved = moveTarget(state, t, cmd.serviceIds, cmd.targetWindowId);
  if ('ok' in moved) return moved;
  const { serviceIds, groupId, targetWindowId } = moved;
  // Never silently unservable: a ticket no staffed window could call goes there only on the clerk's word.
  if (!cmd.acceptUnstaffed && !servability(state, { groupId, serviceIds, targetWindowId }).now) {
    const where = targetWindowId ? `${catalog.windows.get(targetWindowId)!.name}当前无人值守` : '当前没有开放的窗口能办理这些事项';
    return refuse('TRANSFER_TARGET_UNSTAFFED', `${where}，转办后暂时无人叫号；确认后仍可转办`);
  }
  // The wait already done is kept: the ticket re-enters the line as if it had waited that long already.
  const waitedMs = t.waitedMs + Math.max(0, (t.calledAt ?? at) - t.queuedAt);
  return accept({
    type: 'TicketTransferred',
    at,
    ticketId: t.id,
    fromWindowId: w.id,
    serviceIds,
    groupId,
    targetWindowId,
    waitedMs,
    sortKey: at - waitedMs - priorityBonusMs(catalog.settings, t.priority),
    ordinal: state.nextOrdinal,
  });
}

function evaluate(state: HallState, cmd: Extract<HallCommand, { type: 'evaluation.submit' }>, ctx: DecideContext): Decision {
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.state !== 'completed' || t.caseIds.length === 0) return refuse('NOTHING_TO_EVALUATE');
  if (t.windowId !== cmd.windowId) return refuse('TICKET_NOT_AT_WINDOW');
  const open = t.caseIds.filter((id) => !state.cases.get(id)?.evaluated);
  if (open.length === 0) return refuse('ALREADY_EVALUATED');
  return accept({
    type: 'EvaluationSubmitted',
    at: ctx.now,
    ticketId: t.id,
    caseIds: open,
    windowId: t.windowId,
    staffId: t.staffId,
    level: cmd.level,
    comment: cmd.comment,
    isDefault: !!cmd.isDefault,
  });
}
