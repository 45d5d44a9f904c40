import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ClerkSnapshot, QueueItem, TicketDetail, WindowFiguresView, WindowView } from '../../../protocol/views';
import { errorText, OUTCOME_LABELS, PAUSE_REASON_LABELS, type OutcomeName, type PauseReasonName } from '../../shared/i18n';
import type { CommandAck, HallClient } from '../../shared/socket/hall-client';
import { useConnectionStore } from '../../shared/stores/connection';
import { enabledActions } from '../actions';

export type Dialog = null | 'complete' | 'transfer' | 'pause';

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
  /** Materials of the current ticket's matters, one line per material name. */
  const currentMaterials = computed(() => {
    const out = new Map<string, { name: string; form: string; copies: number; note?: string }>();
    for (const id of current.value?.serviceIds ?? []) {
      for (const m of services.value.find((s) => s.id === id)?.materials ?? []) if (!out.has(m.name)) out.set(m.name, m);
    }
    return [...out.values()];
  });

  function applyWindow(u: Pick<ClerkSnapshot, 'window' | 'current' | 'queue' | 'servable' | 'figures'>): void {
    window.value = u.window;
    current.value = u.current;
    queue.value = u.queue;
    servable.value = u.servable;
    figures.value = u.figures;
  }

  function bind(client: HallClient): void {
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
      if (!u.window && me.value) me.value = { ...me.value, windowId: null };
    });
  }

  /** Runs one command; shows its refusal, or `done` when it went through. */
  async function run(name: Parameters<ReturnType<typeof useConnectionStore>['send']>[0], payload: object, done?: (ack: CommandAck & { ok: true }) => string | null): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    notice.value = null;
    const ack = await useConnectionStore().send(name, payload as never);
    busy.value = false;
    if (!ack.ok) {
      notice.value = { kind: 'error', text: errorText(ack.error) };
      return false;
    }
    const text = done?.(ack) ?? null;
    if (text) notice.value = { kind: 'info', text };
    return true;
  }

  const ticketId = () => current.value?.id ?? '';

  async function signIn(windowId: string): Promise<void> {
    await run('window:signIn', { windowId }, (ack) => {
      if (ack.window) window.value = ack.window as WindowView;
      if (me.value) me.value = { ...me.value, windowId };
      return null;
    });
  }
  const signOut = () => run('window:signOut', {}, () => '已退出窗口');
  const callNext = () =>
    run('window:callNext', {}, (ack) => {
      if (!ack.ticket) return '当前没有本窗口可办理的等候号';
      current.value = ack.ticket as TicketDetail;
      const reason = (ack.reason as { text?: string } | null)?.text;
      return `已呼叫 ${current.value.number}${reason ? `（${reason}）` : ''}`;
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
  async function transfer(target: { windowId?: string; serviceIds?: string[] }): Promise<boolean> {
    const ok = await run('ticket:transfer', { ticketId: ticketId(), ...target }, () => '已转办，号票回到等候队列');
    if (ok) dialog.value = null;
    return ok;
  }
  async function pause(reason: PauseReasonName): Promise<boolean> {
    const ok = await run('window:pause', { reason }, () => `窗口已暂停（${PAUSE_REASON_LABELS[reason]}）`);
    if (ok) dialog.value = null;
    return ok;
  }
  const resume = () => run('window:resume', {}, () => '窗口已恢复服务');

  /** Forgets the desk (sign-out): the next clerk at this PC starts from nothing. */
  function clear(): void {
    me.value = null;
    applyWindow({ window: null, current: null, queue: [], servable: 0, figures: null });
    busy.value = false;
    notice.value = null;
    dialog.value = null;
    loaded.value = false;
  }

  return {
    me,
    window,
    current,
    queue,
    servable,
    figures,
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
    pause,
    resume,
    clear,
  };
});
