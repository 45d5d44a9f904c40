import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';
import { materialsFromCell, materialsToCell } from './catalog-columns';

const service = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  code: `330106-T-${id}`,
  name: `测试事项${id}`,
  subName: '',
  category: 'personal',
  groupId: 'A',
  department: '测试部门',
  legalBasis: '《测试条例》',
  materials: [{ name: '身份证', form: '原件', copies: 1 }],
  citizenProcess: '取号→受理',
  backOfficeProcess: '受理→办结',
  timeLimitDays: 1,
  formContents: '申请表',
  ...extra,
});

describe('catalogue import and export', () => {
  let h: AdminHall;
  let token: string;
  beforeEach(async () => {
    h = await startAdminHall();
    token = await h.login('admin');
  });
  afterEach(async () => {
    await h.stop();
  });

  const count = () => (h.server.db.prepare("SELECT COUNT(*) AS n FROM catalog WHERE kind = 'service'").get() as { n: number }).n;

  it('round-trips materials through their cell', () => {
    const ms = [
      { name: '身份证', form: '原件' as const, copies: 1 },
      { name: '结婚证', form: '原件和复印件' as const, copies: 2, note: '复印件 A4' },
    ];
    expect(materialsFromCell(materialsToCell(ms))).toEqual(ms);
  });

  it('imports a JSON catalogue and the hall sees it', async () => {
    const r = await h.api(token, 'POST', '/catalog-import?name=new.json', { services: [service('svc-t1'), service('svc-t2')], bundles: [] });
    expect(r.status).toBe(200);
    expect(r.body.result.created.services).toEqual(['svc-t1', 'svc-t2']);
    expect(h.server.hall.state.catalog.services.has('svc-t2')).toBe(true);
    expect((await h.api(token, 'GET', '/audit')).body.entries[0].summary).toContain('新增 2 项');
  });

  it('refuses a JSON catalogue with one bad row, naming row and field, and imports nothing', async () => {
    const before = count();
    const r = await h.api(token, 'POST', '/catalog-import', {
      services: [service('svc-t1'), service('svc-t2', { groupId: 'Z' }), service('svc-t3', { timeLimitDays: -1 })],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_INVALID');
    expect(r.body.error.issues).toEqual([
      expect.objectContaining({ sheet: 'services', row: 2, path: 'groupId', message: '队列分组 Z 不存在' }),
      expect.objectContaining({ sheet: 'services', row: 3, path: 'timeLimitDays' }),
    ]);
    expect(count()).toBe(before);
    expect((await h.api(token, 'GET', '/audit')).body.entries).toHaveLength(0);
  });

  it('exports the catalogue as xlsx and imports it back unchanged', async () => {
    const before = (await h.api(token, 'GET', '/catalog')).body.catalog;
    const xlsx = (await h.api(token, 'GET', '/catalog-export?format=xlsx')).body as Buffer;
    const dry = await h.api(token, 'POST', '/catalog-import?dryRun=true', xlsx);
    expect(dry.body.result.created).toEqual({ groups: [], services: [], bundles: [] });
    expect(dry.body.result.updated.services).toHaveLength(count());
    expect((await h.api(token, 'POST', '/catalog-import', xlsx)).status).toBe(200);
    const after = (await h.api(token, 'GET', '/catalog')).body.catalog;
    expect([after.groups, after.services, after.bundles]).toEqual([before.groups, before.services, before.bundles]);
    const json = (await h.api(token, 'GET', '/catalog-export?format=json')).body;
    expect(json.services).toEqual(before.services);
  });

  it('refuses a workbook with one bad row, naming the sheet, the row and the column, and imports nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await h.api(token, 'GET', '/catalog-export?format=xlsx')).body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事项')!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    ws.getRow(4).getCell(col('承诺时限（工作日）')).value = '三天';
    ws.getRow(4).getCell(col('主项名称')).value = '改了名字';
    const before = (await h.api(token, 'GET', '/catalog')).body.catalog.services;
    const r = await h.api(token, 'POST', '/catalog-import', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(422);
    expect(r.body.error.issues).toEqual([expect.objectContaining({ sheet: '事项', row: 4, path: '承诺时限（工作日）', column: 'L', message: '「三天」不是数字' })]);
    expect(r.body.error.message).toContain('「事项」第 4 行「承诺时限（工作日）」');
    expect((await h.api(token, 'GET', '/catalog')).body.catalog.services).toEqual(before);
  });

  it('refuses a file that is not a workbook', async () => {
    const r = await h.api(token, 'POST', '/catalog-import', Buffer.from('not a zip'));
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0].message).toContain('xlsx');
  });
});
