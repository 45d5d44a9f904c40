import type { TicketDetail, WindowView } from '../../protocol/views';

/**
 * The clerk's actions, their keys, and when each makes sense. Pure: the action bar and the keyboard
 * handler both read it, so a key never does what its disabled button would not.
 */
export type ActionId = 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'transfer' | 'pause' | 'resume';

export interface ActionDef {
  id: ActionId;
  label: string;
  /** Function key, and the digit a caller keypad sends. */
  key: string;
  digit: string;
}

export const ACTIONS: readonly ActionDef[] = [
  { id: 'callNext', label: '叫号', key: 'F1', digit: '1' },
  { id: 'recall', label: '重呼', key: 'F2', digit: '2' },
  { id: 'start', label: '开始办理', key: 'F3', digit: '3' },
  { id: 'complete', label: '办结', key: 'F4', digit: '4' },
  { id: 'noShow', label: '过号', key: 'F5', digit: '5' },
  { id: 'transfer', label: '转办', key: 'F6', digit: '6' },
  { id: 'pause', label: '暂停', key: 'F7', digit: '7' },
  { id: 'resume', label: '恢复', key: 'F8', digit: '8' },
];

export interface DeskState {
  online: boolean;
  busy: boolean;
  window: Pick<WindowView, 'status'> | null;
  current: Pick<TicketDetail, 'state'> | null;
}

/** Which actions make sense now. */
export function enabledActions(s: DeskState): Record<ActionId, boolean> {
  const ready = s.online && !s.busy && !!s.window && s.window.status !== 'closed';
  const open = ready && s.window?.status === 'open';
  const state = s.current?.state;
  const atWindow = state === 'called' || state === 'serving';
  return {
    callNext: open && !s.current,
    recall: ready && state === 'called',
    start: ready && state === 'called',
    complete: ready && atWindow,
    noShow: ready && state === 'called',
    transfer: ready && atWindow,
    pause: open && !s.current,
    resume: ready && s.window?.status === 'paused',
  };
}

/** The action a key press means, if any (`F1`…`F8`, or the digits of a caller keypad). */
export function actionForKey(key: string): ActionId | null {
  return ACTIONS.find((a) => a.key === key || a.digit === key)?.id ?? null;
}
