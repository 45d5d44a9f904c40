import type { OfflineReason, OfflineStatus } from './connection-monitor';

/**
 * The local page a terminal shows while the hall server cannot be reached. It is generated in the
 * main process and loaded as a `data:` URL: no file access, no script (its CSP forbids any), no
 * preload capability (its origin is opaque, so the bridge refuses it). The main process re-renders it
 * after every failed attempt, so the page shows that the terminal is alive and still trying.
 *
 * The Chinese type is embedded (`fontCss`, built from the self-hosted Noto Sans SC by
 * `main/build.ts`), so the page does not depend on the machine having a CJK font.
 */

/** Every fixed text on the page; `main/build.ts` embeds exactly these characters' glyphs. */
export const OFFLINE_TEXT = {
  title: '暂时无法连接大厅服务器',
  lead: '本终端正在自动重新连接，恢复后将自动返回。',
  help: '请稍候片刻，或咨询大厅工作人员。',
  terminal: '终端',
  server: '服务器',
  attempts: '已重试',
  attemptsUnit: '次',
  nextRetry: '下次尝试',
  since: '中断时间',
  reasons: {
    unreachable: '服务器无响应',
    'load-failed': '页面加载失败',
    'http-error': '服务器返回错误',
    'load-timeout': '页面加载超时',
  } satisfies Record<OfflineReason['kind'], string>,
  roles: ['取号机', '窗口工作台', '综合屏', '窗口屏', '评价器', '号窗口', '（', '）'],
  punctuation: '：，。·',
} as const;

/**
 * The characters whose glyphs the embedded font must carry: the fixed text, and the letters, digits
 * and marks of times, error codes and server addresses. Rarer ASCII symbols are left to the system's
 * Latin fonts, which every machine has; each of them would pull in one more ~40 KB slice.
 */
export function offlinePageCharacters(): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(OFFLINE_TEXT);
  const latin = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .:/-()[]';
  return [...new Set(parts.join('') + latin)].join('');
}

export interface OfflinePageInput {
  status: OfflineStatus;
  /** e.g. `取号机` or `窗口屏（3 号窗口）`. */
  terminal: string;
  server: string;
  /** @font-face rules with embedded glyphs; empty falls back to the system's CJK fonts. */
  fontCss?: string;
  /** IANA zone for the times shown; defaults to the machine's. */
  timeZone?: string;
}

/** The offline page's HTML. */
export function renderOfflinePage(input: OfflinePageInput): string {
  const { status } = input;
  const time = new Intl.DateTimeFormat('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });
  const t = OFFLINE_TEXT;
  const rows: Array<[string, string]> = [
    [t.terminal, input.terminal],
    [t.server, input.server],
    [t.since, time.format(status.since)],
    [t.attempts, `${status.attempts} ${t.attemptsUnit}`],
    [t.nextRetry, time.format(status.nextRetryAt)],
  ];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
${input.fontCss ?? ''}
html, body { margin: 0; height: 100%; background: #0b1f3a; color: #f4f7fb; cursor: default; user-select: none; }
body { display: flex; align-items: center; justify-content: center;
  font-family: 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; }
main { text-align: center; max-width: 80vw; }
h1 { font-size: 5vmin; font-weight: 400; margin: 0 0 3vmin; }
p { font-size: 3vmin; margin: 1vmin 0; color: #c9d6e8; }
.spinner { width: 8vmin; height: 8vmin; margin: 0 auto 4vmin; border-radius: 50%;
  border: 0.9vmin solid rgba(255,255,255,0.2); border-top-color: #f4f7fb; animation: spin 1.2s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
dl { display: grid; grid-template-columns: auto auto; gap: 0.6vmin 2vmin; justify-content: center;
  margin-top: 6vmin; font-size: 2vmin; color: #8fa3bf; }
dt { text-align: right; } dd { margin: 0; text-align: left; }
</style>
</head>
<body>
<main>
<div class="spinner" aria-hidden="true"></div>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.lead)}</p>
<p>${escapeHtml(t.help)}</p>
<dl>
${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
<dt></dt><dd>${escapeHtml(describeReason(status.reason))}</dd>
</dl>
</main>
</body>
</html>
`;
}

/** The page as a URL the window can load. */
export function offlinePageUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

function describeReason(reason: OfflineReason): string {
  const text = OFFLINE_TEXT.reasons[reason.kind];
  if (reason.kind === 'http-error') return `${text} (HTTP ${reason.status})`;
  if (reason.kind === 'load-failed') return `${text} (${reason.errorCode})`;
  return text;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
