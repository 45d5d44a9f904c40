import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Answered } from '../../../protocol/answers';
import type { CommandName, CommandPayload } from '../../../protocol/commands';
import type { WindowElsewherePush } from '../../../protocol/pushes';
import type { ClerkSnapshot, QueueItem, TicketDetail, WindowFiguresView, WindowView } from '../../../protocol/views';
import { errorText, formatTime, OUTCOME_LABELS, PAUSE_REASON_LABELS, type OutcomeName, type PauseReasonName } from '../../shared/i18n';
import type { HallClient } from '../../shared/socket/hall-client';
import { useConnectionStore } from '../../shared/stores/connection';
import { useHallStore } from '../../shared/stores/hall';
import { enabledActions } from '../actions';

export type Dialog = null | 'complete' | 'transfer' | 'pause' | 'callTicket';

/** Why a clerk calls a ticket out of turn (跳号叫号): 绿色通道, 预约, 其他 (with a note). */
export type OutOfTurnReason = CommandPayload<'window:callTicket'>['reason'];

/** Where a returned no-show now stands in this window's queue, as the clerk is told. */
export function returnedPlaceText(number: string, ticketId: string, queue: readonly QueueItem[]): string | null {
  const i = queue.findIndex((q) => q.ticket.id === ticketId);
  if (i < 0) return null;
  return `${number} 已重新排队：本窗口第 ${i + 1} 位（前面 ${i} 人）`;
}

/**
 * Why a clerk was signed out at the day's close: at closing time the hall's closing hour (今日营业已结束（17:00
 * 闭厅）), earlier the manager's reason.
 */
export function dayClosedText(at: number, reason: string, closesAt: number | null): string {
  const why = closesAt !== null && at >= closesAt ? `${formatTime(closesAt, false)} 闭厅` : reason;
  return `今日营业已结束（${why}），本窗口已自动退出`;
}

/**
 * The clerk's desk: the window signed in to, the ticket at it, the queue this window can serve (with the
 * reason the next goes first), today's figures, and the commands. One command at a time.
 */
export const useDeskStore = defineStore('desk', () => {
  const me = shallowRef<ClerkSnapshot['me'] | null>(null);
  const window = shallowRef<WindowView | null>(null);
  const current = shallowRef<TicketDetail | null>(null);
  const queue = shallowRef<QueueItem[]>([]);
  const servable = ref(0);
  const figures = shallowRef<WindowFiguresView | null>(null);
  /** Today's no-shows this window could serve that may still come back (过号重排), newest first. */
  const noShows = shallowRef<TicketDetail[]>([]);
  /** The waiting ticket the out-of-turn dialog is about. */
  const callTarget = shallowRef<TicketDetail | null>(null);
  /** A no-show just put back, until the window's queue says where it stands. */
  let pendingReturn: { id: string; number: string } | null = null;
  const services = shallowRef<ClerkSnapshot['services']>([]);
  const bundles = shallowRef<ClerkSnapshot['bundles']>([]);
  const allWindows = shallowRef<ClerkSnapshot['allWindows']>([]);
  const busy = ref(false);
  const notice = ref<{ kind: 'info' | 'error'; text: string } | null>(null);
  const dialog = ref<Dialog>(null);
  const loaded = ref(false);

  const serviceName = (id: string) => services.value.find((s) => s.id === id)?.name ?? id;
  const bundleName = (id: string | null) => (id ? (bundles.value.find((b) => b.id === id)?.name ?? null) : null);
  const enabled = computed(() =>
    enabledActions({ online: useConnectionStore().canAct, busy: busy.value, window: window.value, current: current.value }),
  );
  /** An out-of-turn call makes sense exactly when "call next" does: window open, nobody at it, online. */
  const canCallOut = computed(() => enabled.value.callNext);
  /** Putting a no-show back in line does not need the window free, only signed in and online. */
  const canReturn = computed(() => useConnectionStore().canAct && !busy.value && !!window.value && window.value.status !== 'closed');
  /** Materials of the current ticket's matters, one line per material name. */
  const currentMaterials = computed(() => {
    const out = new Map<string, { name: string; form: string; copies: number; note?: string }>();
    for (const id of current.value?.serviceIds ?? []) {
      for (const m of services.value.find((s) => s.id === id)?.materials ?? []) if (!out.has(m.name)) out.set(m.name, m);
    }
    return [...out.values()];
  });

  function applyWindow(u: Pick<ClerkSnapshot, 'window' | 'current' | 'queue' | 'servable' | 'figures' | 'noShows'>): void {
    window.value = u.window;
    current.value = u.current;
    queue.value = u.queue;
    servable.value = u.servable;
    figures.value = u.figures;
    noShows.value = u.noShows;
    // The ticket the out-of-turn dialog is about was called elsewhere or left: nothing to confirm any more.
    // (Not while our own call is on its way: its update may come before its answer.)
    const target = callTarget.value;
    if (target && dialog.value === 'callTicket' && !busy.value && !u.queue.some((q) => q.ticket.id === target.id)) {
      dialog.value = null;
      callTarget.value = null;
      notice.value = { kind: 'error', text: '该号票已不在本窗口的等候队列中' };
    }
  }

  /** The first window update after a return tells where the ticket now stands. */
  function placeReturned(): void {
    if (!pendingReturn) return;
    const text = returnedPlaceText(pendingReturn.number, pendingReturn.id, queue.value);
    pendingReturn = null;
    if (text) notice.value = { kind: 'info', text };
  }

  function bind(client: HallClient): void {
    // The day closed under a signed-in clerk: the window picker that follows says why.
    client.on('event', ({ event: e }) => {
      if (e.type !== 'DayClosed' || !window.value || !e.signedOutWindowIds.includes(window.value.id)) return;
      notice.value = { kind: 'info', text: dayClosedText(e.at, e.reason, useHallStore().status?.closesAt ?? null) };
    });
    client.on('elsewhere', (push) => {
      elsewhere.value = push;
    });
    client.on('snapshot', (s) => {
      if (s.role !== 'clerk' && s.role !== 'admin') return;
      me.value = s.me;
      services.value = s.services;
      bundles.value = s.bundles;
      allWindows.value = s.allWindows;
      applyWindow(s);
      loaded.value = true;
    });
    client.on('windowUpdate', (u) => {
      applyWindow(u);
      placeReturned();
      if (!u.window && me.value) me.value = { ...me.value, windowId: null };
    });
  }

  /** Runs one command; shows its refusal, or `done` when it went through. */
  async function run<C extends CommandName>(name: C, payload: Omit<CommandPayload<C>, 'requestId'>, done?: (ack: Answered<C>) => string | null): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    notice.value = null;
    const ack = await useConnectionStore().send(name, payload);
    busy.value = false;
    lastRefusal = ack.ok ? null : ack.error.code;
    // Refused because another PC drives the window (its push may not have reached this one): offer to take over.
    if (!ack.ok && ack.error.code === 'WINDOW_IN_USE_ELSEWHERE' && !elsewhere.value && window.value) {
      elsewhere.value = { windowId: window.value.id, windowName: window.value.name, reason: 'inUse', at: Date.now() };
    }
    if (!ack.ok) {
      notice.value = { kind: 'error', text: errorText(ack.error) };
      return false;
    }
    const text = done?.(ack) ?? null;
    if (text) notice.value = { kind: 'info', text };
    return true;
  }

  /** This PC does not drive the clerk's window: another does (the desk offers to take it over here). */
  const elsewhere = shallowRef<WindowElsewherePush | null>(null);
  const ticketId = () => current.value?.id ?? '';
  let lastRefusal: string | null = null;

  async function signIn(windowId: string): Promise<void> {
    await run('window:signIn', { windowId }, (ack) => {
      const tookOver = elsewhere.value?.windowId === windowId;
      elsewhere.value = null;
      if (ack.window) window.value = ack.window;
      if (me.value) me.value = { ...me.value, windowId };
      return tookOver ? '已在本机接管窗口' : null;
    });
  }
  const signOut = () => run('window:signOut', {}, () => '已退出窗口');
  const callNext = () =>
    run('window:callNext', {}, (ack) => {
      if (!ack.ticket) return '当前没有本窗口可办理的等候号';
      current.value = ack.ticket;
      const reason = ack.reason.text;
      return `已呼叫 ${ack.ticket.number}${reason ? `（${reason}）` : ''}`;
    });
  const recall = () => run('ticket:recall', { ticketId: ticketId() }, () => `已重呼 ${current.value?.number ?? ''}`);
  const start = () => run('ticket:start', { ticketId: ticketId() }, () => null);
  const noShow = () => run('ticket:noShow', { ticketId: ticketId() }, () => '已标记过号');
  async function complete(outcome: OutcomeName, serviceIds: string[]): Promise<boolean> {
    const number = current.value?.number ?? '';
    const ok = await run('ticket:complete', { ticketId: ticketId(), outcome, serviceIds }, () => `${number} ${OUTCOME_LABELS[outcome]}`);
    if (ok) dialog.value = null;
    return ok;
  }
  /** The hall refused the last transfer because nobody could serve its target now: the dialog asks to confirm. */
  const transferUnstaffed = ref<string | null>(null);
  async function transfer(target: { windowId?: string; serviceIds?: string[]; acceptUnstaffed?: boolean }): Promise<boolean> {
    const ok = await run('ticket:transfer', { ticketId: ticketId(), ...target }, () =>
      target.acceptUnstaffed ? '已转办；目标暂无人员办理，已提示值班负责人' : '已转办，号票回到等候队列',
    );
    transferUnstaffed.value = !ok && lastRefusal === 'TRANSFER_TARGET_UNSTAFFED' ? (notice.value?.text ?? null) : null;
    if (ok) dialog.value = null;
    return ok;
  }
  async function pause(reason: PauseReasonName): Promise<boolean> {
    const ok = await run('window:pause', { reason }, () => `窗口已暂停（${PAUSE_REASON_LABELS[reason]}）`);
    if (ok) dialog.value = null;
    return ok;
  }
  const resume = () => run('window:resume', {}, () => '窗口已恢复服务');

  /** Opens the out-of-turn dialog for a waiting ticket of this window's queue. */
  function openCallTicket(ticket: TicketDetail): void {
    if (!canCallOut.value || dialog.value) return;
    callTarget.value = ticket;
    dialog.value = 'callTicket';
  }
  function closeDialog(): void {
    dialog.value = null;
    callTarget.value = null;
  }
  /** Calls the dialog's ticket out of turn; the reason (and note) is logged with the call and shown. */
  async function callTicket(reason: OutOfTurnReason, note: string): Promise<boolean> {
    const target = callTarget.value;
    if (!target) return false;
    const ok = await run('window:callTicket', { ticketId: target.id, reason, note: note.trim() }, (ack) => {
      current.value = ack.ticket;
      const text = ack.reason.text;
      // The server's text already says 跳号叫号 and why: 「已呼叫 A004：跳号叫号（绿色通道：行动不便）」.
      return `已呼叫 ${ack.ticket.number}${text ? `：${text}` : ''}`;
    });
    if (ok) closeDialog();
    return ok;
  }
  /** Puts a no-show back in line (behind the hall's configured number of others); then says where. */
  async function returnNoShow(ticketId: string): Promise<boolean> {
    const number = noShows.value.find((t) => t.id === ticketId)?.number ?? '';
    return run('ticket:return', { ticketId }, () => {
      noShows.value = noShows.value.filter((t) => t.id !== ticketId);
      // The window update with the new queue may come before or after this answer.
      const placed = returnedPlaceText(number, ticketId, queue.value);
      if (placed) return placed;
      pendingReturn = { id: ticketId, number };
      return `${number} 已重新排队`;
    });
  }

  /** Forgets the desk (sign-out): the next clerk at this PC starts from nothing. */
  function clear(): void {
    me.value = null;
    applyWindow({ window: null, current: null, queue: [], servable: 0, figures: null, noShows: [] });
    busy.value = false;
    notice.value = null;
    dialog.value = null;
    callTarget.value = null;
    pendingReturn = null;
    loaded.value = false;
  }

  return {
    me,
    window,
    current,
    queue,
    servable,
    figures,
    noShows,
    callTarget,
    canCallOut,
    canReturn,
    services,
    bundles,
    allWindows,
    busy,
    notice,
    dialog,
    loaded,
    enabled,
    currentMaterials,
    serviceName,
    bundleName,
    bind,
    signIn,
    signOut,
    callNext,
    recall,
    start,
    noShow,
    complete,
    transfer,
    transferUnstaffed,
    elsewhere,
    pause,
    resume,
    openCallTicket,
    closeDialog,
    callTicket,
    returnNoShow,
    clear,
  };
});
