import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHall, type AdminHall } from '../server/admin/test-support/admin-hall';
import { FakeClock, rid } from '../test/helpers/hall';
import { buildAdminPage } from './admin-support';
import { launchChromium, openTerminal, SCREENS, shot, type Terminal } from './helpers/browser';
import { fitProblems } from './helpers/fit';

/** The console's 预约 page (import with row errors, the day's states) and a staff photo upload. */
const GROUP = 'admin-appointments';

describe('appointments and staff photos in the admin console', () => {
  let webDir: string;
  let browser: Browser;
  let h: AdminHall;
  let term: Terminal;
  let page: Page;
  const files = mkdtempSync(path.join(tmpdir(), 'yichuang-appt-'));

  beforeAll(async () => {
    webDir = await buildAdminPage();
    browser = await launchChromium();
    h = await startAdminHall({ clock: new FakeClock(Date.parse('2026-11-24T10:00:00+08:00')), webDir });
    term = await openTerminal(browser, `${h.url}/admin`, SCREENS.desk);
    page = term.page;
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'admin1234');
    await page.click('button[type=submit]');
    await page.waitForSelector('.adm-nav');
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('refuses a bad file naming its rows, imports a good one, and shows what became of each', async () => {
    await page.click('[data-tab=appointments]');
    await page.getByTestId('appointments').waitFor();
    const bad = path.join(files, 'bad.csv');
    writeFileSync(bad, '预约码,日期,事项编号,开始时间,结束时间\nOK-0001,2026-11-24,svc-id-card,09:50,10:20\n??,2026-11-24,svc-none,10:00,09:00\n');
    await page.getByTestId('appointments-file').setInputFiles(bad);
    await page.getByTestId('appointments-import').click();
    await page.getByTestId('issues').waitFor();
    const issues = await page.getByTestId('issues').innerText();
    expect(issues).toContain('第 3 行');
    expect(issues).toContain('事项 svc-none 不存在');
    await shot(page, GROUP, '01-import-refused');
    expect(await page.locator('[data-appointment]').count()).toBe(0);

    const good = path.join(files, 'good.csv');
    writeFileSync(good, '预约码,日期,事项编号,开始时间,结束时间\nOK-0001,2026-11-24,svc-id-card,09:50,10:20\nGONE-0002,2026-11-24,svc-sscard,08:00,09:00\nLATER-0003,2026-11-24,svc-id-card,15:00,15:30\n');
    await page.getByTestId('appointments-file').setInputFiles(good);
    await page.getByTestId('appointments-import').click();
    await expect.poll(() => page.locator('[data-appointment]').count()).toBe(3);
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    expect((await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), appointmentCode: 'OK-0001' })).ok).toBe(true);
    await page.getByTestId('appointments-date').dispatchEvent('change');
    await expect.poll(() => page.locator('[data-appointment="OK-0001"] [data-testid=appointment-state]').innerText()).toBe('已到');
    expect(await page.locator('[data-appointment="GONE-0002"] [data-testid=appointment-state]').innerText()).toBe('爽约');
    expect(await page.locator('[data-appointment="LATER-0003"] [data-testid=appointment-state]').innerText()).toBe('待到');
    await shot(page, GROUP, '02-appointments-today');
    expect(await fitProblems(page)).toEqual([]);
  });

  it('uploads a staff photo on the staff page and refuses a file that is not an image', async () => {
    const photo = await (async () => {
      const p = await browser.newPage({ viewport: { width: 90, height: 120 } });
      await p.setContent('<body style="margin:0;background:#60a5fa"></body>');
      const png = await p.screenshot({ type: 'png' });
      await p.close();
      return png;
    })();
    const png = path.join(files, 'zhangwei.png');
    writeFileSync(png, photo);
    const fake = path.join(files, 'fake.png');
    writeFileSync(fake, 'not an image at all');
    await page.click('[data-tab=staff]');
    const input = page.locator('[data-photo-input="s-zhangwei"]');
    await input.setInputFiles(fake);
    await expect.poll(() => page.locator('body').innerText()).toContain('文件不是所选类型的图片');
    await input.setInputFiles(png);
    await expect.poll(() => page.locator('img[alt="张伟的照片"]').count()).toBe(1);
    await shot(page, GROUP, '03-staff-photo');
    expect(term.errors.filter((e) => !/400/.test(e))).toEqual([]);
  });
});
