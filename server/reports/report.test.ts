import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { FakeClock } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from '../admin/test-support/admin-hall';
import { playDay } from '../admin/test-support/play-day';

const DAY = 86_400_000;
const Q = '/reports?from=2026-11-24&to=2026-11-24';

describe('reports over a day played through the server', () => {
  let h: AdminHall;
  let clock: FakeClock;
  let token: string;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock });
    token = await h.login('admin');
    await playDay(h, clock);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('gives the hall figures computed by hand', async () => {
    const r = (await h.api(token, 'GET', Q)).body.report;
    // taken A001-A005; served A004, A001, A003, A005; A002 no-show; A003 transferred once.
    // waits 1, 7, 15, 1 → mean 24/4 = 6.0, p90 = 4th of [1, 1, 7, 15] = 15; handling 10, 12, 8, 5 → 35/4 = 8.75 ≈ 8.8.
    // rated: A004 非常满意, A001 不满意 → 满意率 1/2 = 50 %, one 差评.
    expect(r.total).toMatchObject({
      taken: 5,
      served: 4,
      noShows: 1,
      transfers: 1,
      avgWaitMinutes: 6,
      p90WaitMinutes: 15,
      avgHandlingMinutes: 8.8,
      levels: [0, 0, 1, 0, 0, 1],
      rated: 2,
      defaults: 0,
      satisfactionRate: 50,
      badRatings: 1,
    });
    expect(r.days).toBe(1);
  });

  it('splits by window and by clerk, where a ticket is taken nowhere', async () => {
    const r = (await h.api(token, 'GET', `${Q}&by=window`)).body.report;
    const row = (id: string) => r.rows.find((x: { key: string }) => x.key === id);
    // w01: A004 served (wait 1, handling 10), A002 no-show, A003 handed on; w02: A001, A005 (waits 7, 1; handling 12, 5); w12: A003.
    expect(row('w01')).toMatchObject({ taken: null, served: 1, noShows: 1, transfers: 1, avgWaitMinutes: 1, avgHandlingMinutes: 10, levels: [0, 0, 0, 0, 0, 1] });
    expect(row('w02')).toMatchObject({ served: 2, noShows: 0, transfers: 0, avgWaitMinutes: 4, p90WaitMinutes: 7, avgHandlingMinutes: 8.5, badRatings: 1 });
    expect(row('w12')).toMatchObject({ served: 1, avgWaitMinutes: 15, avgHandlingMinutes: 8 });
    const clerks = (await h.api(token, 'GET', `${Q}&by=clerk`)).body.report.rows;
    expect(clerks.map((c: { label: string; transfers: number }) => [c.label, c.transfers])).toEqual(
      expect.arrayContaining([
        ['张伟', 1],
        ['李娜', 0],
        ['王芳', 0],
      ]),
    );
  });

  it('splits by priority class and filters by matter', async () => {
    const r = (await h.api(token, 'GET', `${Q}&by=priority`)).body.report;
    expect(r.rows.map((x: { label: string; taken: number; avgWaitMinutes: number }) => [x.label, x.taken, x.avgWaitMinutes])).toEqual([
      ['老年人', 1, 1],
      // A001 7, A003 15, A005 1 → 23/3 = 7.67 ≈ 7.7
      ['普通', 4, 7.7],
    ]);
    // 社保卡: A001 and A005 (A003 ended as 发票申领).
    const m = (await h.api(token, 'GET', `${Q}&serviceId=svc-sscard`)).body.report.total;
    expect(m).toMatchObject({ taken: 2, served: 2, avgWaitMinutes: 4 });
  });

  it('shows arrivals against windows open hour by hour', async () => {
    const hours = (await h.api(token, 'GET', Q)).body.report.hours;
    // 09-10: w01 60 + w02 40 (paused at 09:40) + w12 60 = 160 min → 2.7 windows; 10-11: 30 + 20 (from 10:10) + 30 = 80 min → 1.3.
    expect(hours[9]).toMatchObject({ arrivals: 5, windowsOpen: 2.7, avgWaitMinutes: 6 });
    expect(hours[10]).toMatchObject({ arrivals: 0, windowsOpen: 1.3 });
    expect(hours[8]).toMatchObject({ arrivals: 0, windowsOpen: 0 });
  });

  it('lists the 差评 with its case and opens a follow-up due in five working days', async () => {
    await h.admin.tick();
    const bad = (await h.api(token, 'GET', Q)).body.report.badRatings;
    expect(bad).toHaveLength(1);
    // Rated Tuesday 11-24: Wed, Thu, Fri, Mon, Tue → due 12-01.
    expect(bad[0]).toMatchObject({ ticketNumber: 'A001', windowName: '2号综合窗口', staffName: '李娜', level: 2, comment: '等候时间太长', followUp: { state: 'open', dueDate: '2026-12-01', overdue: false } });
    expect(bad[0].caseId).toMatch(/^330106202611240000\d$/);
  });

  it('gives unrated cases the default level after seven days, marked as defaults in the figures', async () => {
    clock.advance(7 * DAY);
    // A new day: the old tickets leave the hall's memory, as they would in a real week.
    expect(h.server.hall.execute('system', { type: 'day.open', businessDate: '2026-12-01' }, null, () => ({})).ok).toBe(true);
    const seqBefore = h.server.hall.seq;
    token = await h.login('admin'); // the morning's session has expired
    expect((await h.api(token, 'POST', '/evaluations/apply-defaults')).body.rated).toBe(2);
    expect(h.server.hall.seq).toBe(seqBefore + 2);
    const total = (await h.api(token, 'GET', Q)).body.report.total;
    // A003 and A005 take 基本满意 by default: levels 5, 3, 3, 2 → 满意率 3/4 = 75 %, without defaults 1/2 = 50 %.
    expect(total).toMatchObject({ rated: 4, defaults: 2, levels: [0, 0, 1, 2, 0, 1], satisfactionRate: 75, satisfactionRateRated: 50, badRatings: 1 });
    const outbox = h.server.db.prepare("SELECT payload FROM outbox WHERE kind = 'evaluation'").all() as { payload: string }[];
    expect(outbox.map((o) => JSON.parse(o.payload).evaluation.isDefault).sort()).toEqual([false, false, true, true]);
    expect((await h.api(token, 'POST', '/evaluations/apply-defaults')).body.rated).toBe(0);
  });

  it('exports CSV and xlsx with the same figures', async () => {
    const csv = (await h.api(token, 'GET', `/reports/export?from=2026-11-24&to=2026-11-24&format=csv`)).body as Buffer;
    const lines = csv.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 8)).toEqual(['全厅', '取号数', '办结数', '过号数', '转办数', '平均等候(分钟)', 'P90等候(分钟)', '平均办理(分钟)']);
    expect(lines[2]!.split(',').slice(0, 8)).toEqual(['合计', '5', '4', '1', '1', '6', '15', '8.8']);
    const xlsx = (await h.api(token, 'GET', `/reports/export?from=2026-11-24&to=2026-11-24&format=xlsx`)).body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('汇总')!;
    expect((sheet.getRow(4).values as unknown[]).slice(1, 9)).toEqual(['合计', 5, 4, 1, 1, 6, 15, 8.8]);
    expect(wb.getWorksheet('差评')!.getRow(3).getCell(2).value).toBe('A001');
  });

  it('refuses a reversed date range with the field named', async () => {
    const r = await h.api(token, 'GET', '/reports?from=2026-11-25&to=2026-11-24');
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('to');
  });
});
