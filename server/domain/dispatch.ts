import { PRIORITY_LABELS } from '../../protocol/catalog';
import { QueueIndex, type Line } from './queue-index';
import { compareEntries, type QueueEntry } from './sorted-list';
import type { DispatchReason, HallState, Ticket } from './types';

/**
 * "Call next" for a window: among the waiting tickets it can serve, the one that should go first.
 *
 * Every ticket waits under a key = when it (re)entered the line − the wait it already had − its priority
 * class's bonus, so waiting time ages every ticket alike and a priority class counts as a head start of
 * some minutes (hall-configured): priority tickets go first unless an ordinary ticket has waited longer
 * than that head start. After `priorityStreakLimit` priority calls in a row at a window, the longest-waiting
 * ordinary ticket goes next, so a stream of priority tickets cannot starve the others. Equal keys go by the
 * order the tickets entered the line. The choice is deterministic and carries its reason.
 */
export interface Pick {
  ticketId: string;
  priority: boolean;
  reason: DispatchReason;
}

function servedLines(state: HallState, windowId: string): Line[] {
  const window = state.catalog.windows.get(windowId);
  if (!window) return [];
  const q = state.queue;
  return q.lineCache.linesFor(state.catalog, q.lines, q.generation, window);
}

function minHead(lines: Line[], which: 'priority' | 'ordinary'): QueueEntry | undefined {
  let best: QueueEntry | undefined;
  for (const line of lines) {
    const h = line[which].head();
    if (h && (!best || compareEntries(h, best) < 0)) best = h;
  }
  return best;
}

function minutes(ms: number): number {
  return Math.max(0, Math.floor(ms / 60_000));
}

/** The reason text a clerk reads ("why this ticket"). */
export function describeReason(code: DispatchReason['code'], ticket: Ticket, now: number, limit?: number): DispatchReason {
  const waited = minutes(now - ticket.queuedAt + ticket.waitedMs);
  const cls = PRIORITY_LABELS[ticket.priority];
  switch (code) {
    case 'ONLY_ONE':
      return { code, text: `唯一可办理的等候号，已等候 ${waited} 分钟` };
    case 'PRIORITY':
      return { code, text: `优先类别（${cls}），已等候 ${waited} 分钟` };
    case 'LONGEST_WAIT':
      return { code, text: `等候时间最长（${waited} 分钟）` };
    case 'INTERLEAVE':
      return { code, text: `已连续叫优先号 ${limit ?? ''} 个，轮到普通号（已等候 ${waited} 分钟）` };
    case 'TARGETED':
      return { code, text: `转至本窗口办理，已等候 ${waited} 分钟` };
    case 'OUT_OF_TURN':
      return { code, text: '跳号叫号' };
  }
}

function choose(
  state: HallState,
  lines: Line[],
  streak: number,
  now: number,
  skip?: Set<string>,
): Pick | null {
  const p = skip ? firstNotSkipped(lines, 'priority', skip) : minHead(lines, 'priority');
  const o = skip ? firstNotSkipped(lines, 'ordinary', skip) : minHead(lines, 'ordinary');
  if (!p && !o) return null;
  const limit = state.catalog.settings.priorityStreakLimit;
  let chosen: QueueEntry;
  let code: DispatchReason['code'];
  let priority: boolean;
  if (p && o) {
    if (streak >= limit) {
      [chosen, code, priority] = [o, 'INTERLEAVE', false];
    } else if (compareEntries(p, o) <= 0) {
      [chosen, code, priority] = [p, 'PRIORITY', true];
    } else {
      [chosen, code, priority] = [o, 'LONGEST_WAIT', false];
    }
  } else if (p) {
    [chosen, code, priority] = [p, 'PRIORITY', true];
  } else {
    [chosen, code, priority] = [o!, 'LONGEST_WAIT', false];
  }
  const ticket = state.tickets.get(chosen.ticketId)!;
  if (ticket.targetWindowId) code = 'TARGETED';
  return { ticketId: chosen.ticketId, priority, reason: describeReason(code, ticket, now, limit) };
}

function firstNotSkipped(lines: Line[], which: 'priority' | 'ordinary', skip: Set<string>): QueueEntry | undefined {
  let best: QueueEntry | undefined;
  for (const line of lines) {
    for (const e of line[which]) {
      if (skip.has(e.ticketId)) continue;
      if (!best || compareEntries(e, best) < 0) best = e;
      break;
    }
  }
  return best;
}

/** The ticket a window's "call next" takes now, or null when nothing it can serve waits. */
export function pickNext(state: HallState, windowId: string, now: number): Pick | null {
  const w = state.windows.get(windowId);
  return choose(state, servedLines(state, windowId), w?.priorityStreak ?? 0, now);
}

/**
 * The order in which the window would call its waiting tickets, the first `limit` of them, each with its
 * reason: the clerk's queue panel. Simulates the streak rule over the preview.
 */
export function previewQueue(state: HallState, windowId: string, now: number, limit: number): Pick[] {
  const lines = servedLines(state, windowId);
  let streak = state.windows.get(windowId)?.priorityStreak ?? 0;
  const out: Pick[] = [];
  const skip = new Set<string>();
  while (out.length < limit) {
    const pick = choose(state, lines, streak, now, skip);
    if (!pick) break;
    out.push(pick);
    skip.add(pick.ticketId);
    streak = pick.priority ? streak + 1 : 0;
  }
  return out;
}

/** Number of tickets a window could call right now. */
export function servableCount(state: HallState, windowId: string): number {
  let n = 0;
  for (const line of servedLines(state, windowId)) n += line.priority.size + line.ordinary.size;
  return n;
}

/** The first `n` waiting tickets of a group in line order (for placing a returning no-show). */
export function firstInGroup(state: HallState, groupId: string, n: number): QueueEntry[] {
  const lists = [...state.queue.lines.values()]
    .filter((l) => l.groupId === groupId && !l.targetWindowId)
    .flatMap((l) => [l.priority, l.ordinary]);
  const out: QueueEntry[] = [];
  if (n <= 0) return out;
  for (const e of QueueIndex.merge(lists)) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}
