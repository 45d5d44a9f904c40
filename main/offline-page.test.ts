import { describe, expect, it } from 'vitest';
import { OFFLINE_TEXT, offlinePageCharacters, offlinePageUrl, renderOfflinePage } from './offline-page';

const status = {
  reason: { kind: 'load-failed' as const, errorCode: -102 },
  attempts: 4,
  since: Date.UTC(2025, 2, 3, 1, 2, 3),
  nextRetryAt: Date.UTC(2025, 2, 3, 1, 4, 5),
};

describe('renderOfflinePage', () => {
  it('says in Chinese that the server is unreachable and that the terminal retries by itself', () => {
    const html = renderOfflinePage({ status, terminal: '取号机', server: 'http://10.0.0.5:8080', timeZone: 'Asia/Shanghai' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('暂时无法连接大厅服务器');
    expect(html).toContain('正在自动重新连接，恢复后将自动返回');
    expect(html).toContain('<dd>取号机</dd>');
    expect(html).toContain('<dd>4 次</dd>');
    expect(html).toContain('<dd>09:02:03</dd>'); // since, in the hall's time
    expect(html).toContain('<dd>09:04:05</dd>'); // next attempt
    expect(html).toContain('页面加载失败 (-102)');
  });

  it('runs no script: its CSP forbids scripts and the page has none', () => {
    const html = renderOfflinePage({ status, terminal: '综合屏', server: 'http://10.0.0.5:8080' });
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; font-src data:"`);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes what it shows', () => {
    const html = renderOfflinePage({ status, terminal: '<img src=x onerror=alert(1)>', server: 'http://h:1' });
    expect(html).not.toContain('<img');
  });

  it('embeds the given font rules', () => {
    const html = renderOfflinePage({ status, terminal: '评价器', server: 'http://h:1', fontCss: '@font-face { font-family: X; }' });
    expect(html).toContain('@font-face { font-family: X; }');
  });

  it('becomes a data: URL that decodes back to the page', () => {
    const html = renderOfflinePage({ status, terminal: '评价器', server: 'http://h:1' });
    const url = offlinePageUrl(html);
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length))).toBe(html);
  });
});

describe('offlinePageCharacters', () => {
  it('covers every character the page can show', () => {
    const chars = new Set(offlinePageCharacters());
    const labels = ['取号机', '窗口工作台', '综合屏', '窗口屏（12 号窗口）', '评价器'];
    for (const terminal of labels) {
      for (const kind of Object.keys(OFFLINE_TEXT.reasons)) {
        const html = renderOfflinePage({
          status: { ...status, reason: kind === 'http-error' ? { kind, status: 502 } : kind === 'load-failed' ? { kind, errorCode: -105 } : ({ kind } as never) },
          terminal,
          server: 'https://hall-server.example:8443',
          timeZone: 'Asia/Shanghai',
        });
        const body = html.slice(html.indexOf('<body>')).replace(/<[^>]+>/g, '');
        const missing = [...body].filter((c) => c.trim() !== '' && !chars.has(c));
        expect([terminal, kind, missing]).toEqual([terminal, kind, []]);
      }
    }
  });
});
