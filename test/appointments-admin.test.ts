import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/** The console's appointments: a file imported all or nothing, and the day's list with what became of each. */
const TEN_AM = Date.parse('2026-11-30T10:00:00+08:00');

describe('appointments in the admin console', () => {
  let hall: TestHall;
  let admin: string;
  const clock = new FakeClock(TEN_AM);

  beforeAll(async () => {
    hall = await startTestHall({ clock });
    admin = await hall.login('admin', 'admin1234');
  });
  afterAll(async () => {
    await hall?.stop();
  });

  const upload = (body: string | Buffer, type: string, q = '') =>
    fetch(`${hall.server.url}/api/admin/appointments-import?name=file${q}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': type }, body });
  const list = async () =>
    (await (await fetch(`${hall.server.url}/api/admin/appointments`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
      date: string;
      appointments: { code: string; state: string; ticketNumber: string | null }[];
    };

  it('refuses a file with bad rows as a whole, naming each row and column', async () => {
    const csv = [
      '预约码,日期,事项编号,开始时间,结束时间',
      'GOOD-0001,2026-11-30,svc-id-card,09:30,10:30',
      'x,2026-11-31,svc-nothing,9:00,08:00',
      'GOOD-0001,2026-11-30,svc-id-card,10:00,10:30',
    ].join('\n');
    const res = await upload(csv, 'text/csv');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; issues: { row: number; column: string; message: string }[] } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toContain('未导入任何预约');
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'A', message: expect.stringContaining('预约码') }),
        expect.objectContaining({ row: 3, column: 'B' }),
        expect.objectContaining({ row: 3, column: 'C', message: '事项 svc-nothing 不存在' }),
        expect.objectContaining({ row: 4, column: 'A', message: expect.stringContaining('重复') }),
      ]),
    );
    expect((await list()).appointments).toEqual([]);
    const missing = await upload('预约码,日期\nA-1234,2026-11-30', 'text/csv');
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('缺少列');
  });

  it('imports CSV and xlsx, and lists the day with arrived, late, no-show and pending', async () => {
    const csv = '\uFEFF预约码,日期,事项编号,开始时间,结束时间\r\nontime-01,2026-11-30,svc-id-card,09:50,10:20\r\nLATE-0002,2026-11-30,"svc-id-card、svc-sscard",08:00,08:30\r\n';
    const dry = await upload(csv, 'text/csv', '&dryRun=true');
    expect(await dry.json()).toMatchObject({ ok: true, result: { added: 2, kept: 0, dryRun: true } });
    expect((await list()).appointments).toEqual([]);
    expect(await (await upload(csv, 'text/csv')).json()).toMatchObject({ ok: true, result: { added: 2, kept: 0 } });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('预约');
    ws.addRow(['预约码', '日期', '事项编号', '开始时间', '结束时间']);
    ws.addRow(['GONE-0003', '2026-11-30', 'svc-id-card', '08:00', '09:00']);
    ws.addRow(['LATER-0004', '2026-11-30', 'svc-id-card', '15:00', '15:30']);
    ws.addRow(['ONTIME-01', '2026-11-30', 'svc-id-card', '09:50', '10:20']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The code already known is kept as it was.
    expect(await r.json()).toMatchObject({ ok: true, result: { added: 2, kept: 1 } });

    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const onTime = await send(kiosk, 'ticket:take', { appointmentCode: 'ONTIME-01' });
    expect(onTime.ok).toBe(true);
    const late = await send(kiosk, 'ticket:take', { appointmentCode: 'LATE-0002' });
    expect(late.ok).toBe(true);
    const day = await list();
    expect(day.date).toBe('2026-11-30');
    const byCode = Object.fromEntries(day.appointments.map((a) => [a.code, a]));
    expect(byCode['ONTIME-01']).toMatchObject({ state: 'arrived', ticketNumber: onTime.ticket.number });
    expect(byCode['LATE-0002']).toMatchObject({ state: 'late', ticketNumber: late.ticket.number });
    expect(byCode['GONE-0003']).toMatchObject({ state: 'noShow', ticketNumber: null });
    expect(byCode['LATER-0004']).toMatchObject({ state: 'pending' });
    const audit = hall.server.db.prepare("SELECT summary FROM admin_audit WHERE target_kind = 'appointments'").all();
    expect(audit).toHaveLength(2);
  });
});
