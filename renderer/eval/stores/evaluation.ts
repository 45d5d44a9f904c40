import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EvalSnapshot, PendingEvaluation } from '../../../protocol/views';
import { errorText, type EvaluationLevel } from '../../shared/i18n';
import type { HallClient } from '../../shared/socket/hall-client';
import { newRequestId } from '../../shared/socket/request-id';
import { useAnnouncerStore } from '../../shared/stores/announcer';
import { useConnectionStore } from '../../shared/stores/connection';

export type EvalStage = 'idle' | 'rate' | 'reason' | 'thanks';

/** Reasons a citizen can tick for a poor rating (不满意, 非常不满意). */
export const POOR_REASONS = ['服务态度不好', '等候时间太长', '业务不熟练', '材料要求不清楚', '办事效率低', '其他'] as const;

/** How long the thanks stay on screen. */
export const THANKS_MS = 5000;

/**
 * The evaluation pad (评价器): idle until a service at its window completes, then the clerk and the
 * matters and five levels; a poor rating may say why; thanks; idle. A case is rated once.
 */
export const useEvaluationStore = defineStore('evaluation', () => {
  const device = shallowRef<EvalSnapshot['device'] | null>(null);
  const pending = shallowRef<PendingEvaluation | null>(null);
  const stage = ref<EvalStage>('idle');
  const level = ref<EvaluationLevel | null>(null);
  const reasons = ref<string[]>([]);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const rated = new Set<string>();
  let thanksTimer: ReturnType<typeof setTimeout> | undefined;

  function offer(p: PendingEvaluation | null): void {
    if (stage.value === 'thanks') {
      // Let the thanks finish; a new case shows right after.
      pending.value = p && !rated.has(p.ticketId) ? p : null;
      return;
    }
    if (!p || rated.has(p.ticketId)) {
      pending.value = null;
      stage.value = 'idle';
      return;
    }
    if (pending.value?.ticketId === p.ticketId && stage.value !== 'idle') return;
    pending.value = p;
    level.value = null;
    reasons.value = [];
    error.value = null;
    stage.value = 'rate';
    void useAnnouncerStore().prompt('prompt-rate');
  }

  function bind(client: HallClient): void {
    client.on('snapshot', (s) => {
      if (s.role !== 'eval') return;
      device.value = s.device;
      offer(s.pending);
    });
    client.on('pending', offer);
  }

  function choose(l: EvaluationLevel): void {
    if (stage.value !== 'rate' || busy.value) return;
    level.value = l;
    if (l <= 2) stage.value = 'reason';
    else void submit();
  }

  function toggleReason(r: string): void {
    reasons.value = reasons.value.includes(r) ? reasons.value.filter((x) => x !== r) : [...reasons.value, r];
  }

  async function submit(): Promise<void> {
    const p = pending.value;
    if (!p || level.value === null || busy.value) return;
    busy.value = true;
    error.value = null;
    const ack = await useConnectionStore().send(
      'evaluation:submit',
      { ticketId: p.ticketId, level: level.value, comment: reasons.value.join('；') },
      { requestId: newRequestId('eval') },
    );
    busy.value = false;
    if (!ack.ok && ack.error.code !== 'ALREADY_EVALUATED') {
      error.value = errorText(ack.error);
      return;
    }
    rated.add(p.ticketId);
    thank();
  }

  function thank(): void {
    stage.value = 'thanks';
    void useAnnouncerStore().prompt('prompt-thanks');
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(() => {
      stage.value = 'idle';
      const next = pending.value;
      pending.value = null;
      level.value = null;
      reasons.value = [];
      if (next && !rated.has(next.ticketId)) offer(next);
    }, THANKS_MS);
  }

  return { device, pending, stage, level, reasons, busy, error, bind, offer, choose, toggleReason, submit };
});
