import type { WaitRange } from '../../protocol/print';
import { formatTime, formatWait } from '../shared/i18n';

/**
 * The wait as a screen shows it: the central estimate, and beneath it the 10–90 % range. "即将叫号" only
 * when nine runs in ten call the ticket within two minutes; when no open window can serve it, that, and
 * when one is due on the roster. Without a range (an older server) the estimate alone, as before.
 */
export function waitText(minutes: number, range: WaitRange | null | undefined): { main: string; detail: string | null } {
  if (!range) return { main: formatWait(minutes), detail: null };
  if (range.noWindow) {
    if (range.servableFrom !== null) return { main: '暂无可办理窗口', detail: `预计 ${formatTime(range.servableFrom)} 起办理` };
    if (range.high === null) return { main: '暂无可办理窗口', detail: '今日可能无法办理' };
    return { main: '暂无可办理窗口', detail: range.high <= 2 ? '窗口开放后即叫号' : `待窗口开放后约 ${range.low}–${range.high} 分钟` };
  }
  if (range.high !== null && range.high <= 2) return { main: '即将叫号', detail: null };
  const main = minutes < 1 ? '不到 1 分钟' : formatWait(minutes);
  return { main, detail: range.high === null ? `至少 ${range.low} 分钟，今日可能办不完` : `${range.low}–${range.high} 分钟` };
}
