import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHall, TOKENS, type TestHall } from '../test/helpers/hall';
import { launchChromium, shot } from './helpers/browser';
import { buildTerminals } from './helpers/web';

/**
 * A terminal from a cold cache (issue 14): its first frame draws from the HTML alone, in the hall's type,
 * before any script or stylesheet has come; the app replaces it only once every character it shows has
 * its glyphs, so no frame shows Chinese as empty boxes (this machine, like a minimal Linux kiosk, has no
 * Chinese system font) or jumps from a fallback face to the hall's.
 */
const GROUP = 'first-frame';
const TERMINALS = [
  { name: 'kiosk', path: `/kiosk?token=${TOKENS.kiosk}`, title: '自助取号', viewport: { width: 1080, height: 1920 } },
  { name: 'display', path: `/display?token=${TOKENS.display}`, title: '叫号显示屏', viewport: { width: 1920, height: 1080 } },
  { name: 'clerk', path: '/clerk', title: '窗口工作台', viewport: { width: 1366, height: 768 } },
  { name: 'eval', path: `/eval?token=${TOKENS.evalW01}`, title: '服务评价', viewport: { width: 1280, height: 800 } },
  { name: 'ticket', path: '/t/unknown-ticket', title: '排队进度', viewport: { width: 390, height: 844 } },
] as const;

/**
 * Every character of the app's text has its face loaded, in the weight it is drawn in (each text node
 * checked with its element's computed weight, as the browser matches faces for drawing).
 */
const APP_TEXT_HAS_GLYPHS = `(() => {
  const walk = document.createTreeWalker(document.getElementById('app'), NodeFilter.SHOW_TEXT);
  const missing = [];
  let chars = 0;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const text = n.textContent.replace(/\\s/g, '');
    if (!text) continue;
    chars += text.length;
    const weight = getComputedStyle(n.parentElement).fontWeight;
    if (!document.fonts.check(weight + ' 16px "Noto Sans SC"', text)) missing.push(weight + ':' + text);
  }
  return chars > 0 ? missing : ['no text'];
})()`;

describe('first frame and cold start of every terminal', () => {
  let hall: TestHall;
  let browser: Browser;

  beforeAll(async () => {
    hall = await startTestHall({ webDir: await buildTerminals() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });

  it('draws each first frame in the hall type from the HTML alone, no script nor stylesheet loaded', async () => {
    for (const t of TERMINALS) {
      const context = await browser.newContext({ viewport: t.viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      // Nothing but the page and its fonts: what the first frame may depend on.
      await page.route(/\.(?:js|css)(?:\?|$)/, (route) => route.abort());
      await page.goto(`${hall.server.url}${t.path}`);
      await page.evaluate('document.fonts.ready');
      const frame = page.locator('#first-frame');
      expect(await frame.isVisible(), t.name).toBe(true);
      expect((await frame.innerText()).replace(/\s/g, ''), t.name).toContain(t.title);
      // Its glyphs came from the hall's type, not a fallback (which would draw boxes here).
      expect(await page.evaluate(`document.fonts.check('700 48px "Yichuang First Frame"', ${JSON.stringify(t.title)})`), t.name).toBe(true);
      expect(await page.evaluate(`[...document.fonts].filter((f) => f.family.includes('Yichuang First Frame')).every((f) => f.status === 'loaded')`), t.name).toBe(true);
      // The paint's timing entry is queued after the frame is presented: on a busy machine that can be
      // after the checks above, so wait for it (a page that never paints fails here, by the timeout).
      await page.waitForFunction(`performance.getEntriesByName('first-contentful-paint').length > 0`, undefined, { timeout: 10_000 });
      const fcp = await page.evaluate(`performance.getEntriesByName('first-contentful-paint').length`);
      expect(fcp, t.name).toBe(1);
      await shot(page, GROUP, `${t.name}-frame`);
      await context.close();
    }
  });

  it('shows the app only when all of its text has its glyphs, and then hides the frame', async () => {
    for (const t of TERMINALS) {
      const context = await browser.newContext({ viewport: t.viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      // Checked at the very moment the app is shown, in the page, before another frame can be drawn.
      await page.addInitScript(`new MutationObserver((_, o) => {
        if (!document.documentElement?.classList.contains('type-ready')) return;
        o.disconnect();
        window.__glyphsAtReveal = ${APP_TEXT_HAS_GLYPHS};
      }).observe(document, { attributes: true, attributeFilter: ['class'], subtree: true });`);
      await page.goto(`${hall.server.url}${t.path}`);
      await page.locator('#app').waitFor({ state: 'visible' });
      expect(await page.evaluate('window.__glyphsAtReveal'), t.name).toEqual([]);
      expect(await page.locator('#first-frame').isVisible(), t.name).toBe(false);
      await shot(page, GROUP, `${t.name}-app`);
      await context.close();
    }
  });
});
