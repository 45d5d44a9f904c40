import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { FeedEvent } from '../../../protocol/pushes';
import type { CallView, GroupCount, HallAlert, HallStatusView, Snapshot } from '../../../protocol/views';
import { applyCall as foldCall, applyHallEvent, emptyHallView, viewFromSnapshot, type HallView } from './hall-projection';

/** What every terminal knows of the hall: its name and notice, today's status, windows, calls, counts. */
export const useHallStore = defineStore('hall', () => {
  const view = shallowRef<HallView>(emptyHallView());

  const hall = computed(() => view.value.hall);
  const status = computed(() => view.value.status);
  const windows = computed(() => view.value.windows);
  const groups = computed(() => view.value.groups);
  const recentCalls = computed(() => view.value.recentCalls);
  const waitingTotal = computed(() => view.value.groups.reduce((n, g) => n + g.waiting, 0));

  function applySnapshot(s: Snapshot): void {
    view.value = viewFromSnapshot(s);
  }

  /** Folds an event; true when the terminal should ask for a fresh snapshot. */
  function applyEvent(e: FeedEvent): boolean {
    const r = applyHallEvent(view.value, e);
    view.value = r.view;
    return r.resync;
  }

  function applyCall(call: CallView): void {
    view.value = foldCall(view.value, call);
  }

  function applyCounts(groups: GroupCount[]): void {
    view.value = { ...view.value, groups };
  }

  /** The calendar moved on (a cut-off, an opening) without any command: the server pushes its answer. */
  function applyStatus(next: HallStatusView): void {
    view.value = { ...view.value, status: next };
  }

  /** Standing alerts by id; a cleared one leaves. */
  const alerts = shallowRef<HallAlert[]>([]);
  function applyAlert(alert: HallAlert): void {
    const rest = alerts.value.filter((a) => a.id !== alert.id);
    alerts.value = alert.cleared ? rest : [...rest, alert];
  }

  return { view, hall, status, windows, groups, recentCalls, waitingTotal, alerts, applySnapshot, applyEvent, applyCall, applyCounts, applyStatus, applyAlert };
});
