import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { SHOTS_DIR } from './web';

/** Headless Chromium (the system's, else npm's: ./chromium.ts); audio may play without a gesture, as in the Electron shell. */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  return chromium.launch({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env }, args: CHROMIUM_ARGS });
}

/** The screens the terminals run on. */
export const SCREENS = {
  kioskPortrait: { width: 1080, height: 1920 },
  kioskLandscape: { width: 1920, height: 1080 },
  desk: { width: 1600, height: 900 },
  hd: { width: 1920, height: 1080 },
  uhd: { width: 3840, height: 2160 },
  pad: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface Terminal {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, to assert none happened. */
  errors: string[];
}

/** Opens a terminal in its own browser context (its own storage, as a separate machine). */
export async function openTerminal(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Terminal> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A server going away makes the socket log its failed reconnects; everything else is a bug.
    if (m.type() === 'error' && !/WebSocket|socket\.io|ERR_CONNECTION_REFUSED|Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

/** Saves a screenshot as test-artifacts/e2e/<group>/<name>.png. */
export async function shot(page: Page, group: string, name: string): Promise<void> {
  const dir = path.join(SHOTS_DIR, group);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Waits until the page's web fonts are loaded, so a screenshot shows the hall's own typeface. */
export async function fontsReady(page: Page): Promise<void> {
  // A string: these files are type-checked for Node, which has no `document`.
  await page.evaluate('document.fonts.ready.then(() => true)');
}

/** The display's announcement log (`window.__yichuangAnnouncements`). */
export interface AnnouncementLogEntry {
  text: string;
  number?: string;
  recall?: boolean;
  mode?: string;
  startedAt?: number;
  endedAt?: number;
}

export function announcements(page: Page): Promise<AnnouncementLogEntry[]> {
  return page.evaluate('window.__yichuangAnnouncements ?? []') as Promise<AnnouncementLogEntry[]>;
}
