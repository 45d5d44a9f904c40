import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from '../../shared/stores/connection';
import { FakeHallClient } from '../../shared/testing/fake-client';
import { kioskSnapshot, status, takeResult } from '../../shared/testing/fixtures';
import { mergeMaterials, useKioskStore } from './kiosk';

function setup(snapshot = kioskSnapshot()) {
  setActivePinia(createPinia());
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  const kiosk = useKioskStore();
  kiosk.bind(client);
  client.online(snapshot);
  return { client, kiosk };
}

describe('kiosk store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('merges the materials of a bundle into one line per material', () => {
    const { kiosk } = setup();
    kiosk.choose({ kind: 'bundle', id: 'bdl-retire' });
    expect(kiosk.screen).toBe('confirm');
    expect(kiosk.materials.map((m) => m.name)).toEqual(['居民身份证', '退休审批表', '近期免冠照片']);
    expect(kiosk.materials[0]).toMatchObject({ copies: 2, forServices: ['职工基本养老保险退休申请', '社会保障卡申领'] });
  });

  it('takes a ticket with the chosen matter, priority and ID number, then forgets the ID number', async () => {
    const { client, kiosk } = setup();
    client.answer = (name) => (name === 'ticket:take' ? { ok: true, ...takeResult() } : { ok: true, result: { ok: true } });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    kiosk.priority = 'military';
    kiosk.idNumber = '11010519491231002x';
    await kiosk.take();
    expect(client.sent[0]).toMatchObject({
      name: 'ticket:take',
      payload: { serviceIds: ['svc-sscard'], priority: 'military', idNumber: '11010519491231002X' },
    });
    expect(kiosk.screen).toBe('ticket');
    expect(kiosk.result?.ticket.number).toBe('A023');
    expect(kiosk.idNumber).toBe('');
  });

  it('prints on the network printer once, and again only when asked, under a new key', async () => {
    const { client, kiosk } = setup();
    client.answer = (name) => (name === 'ticket:take' ? { ok: true, ...takeResult() } : { ok: true, result: { ok: false, code: 'PRINTER_OFFLINE', message: '打印机未连接' } });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    const prints = () => client.sent.filter((s) => s.name === 'ticket:print');
    expect(prints()).toHaveLength(1);
    expect(kiosk.print.state).toBe('failed');
    expect(kiosk.print.message).toContain('打印机未连接');
    await kiosk.printResult(true);
    expect(prints()).toHaveLength(2);
    expect(prints()[1]!.payload).toMatchObject({ ticketId: 'tk-1', reprint: true });
    expect(prints()[1]!.requestId).not.toBe(prints()[0]!.requestId);
  });

  it('treats a server that does not know ticket:print as a failed print, the ticket stays on screen', async () => {
    const { client, kiosk } = setup();
    client.answer = (name) =>
      name === 'ticket:take' ? { ok: true, ...takeResult() } : { ok: false, error: { code: 'BAD_REQUEST', message: '未知命令 ticket:print' } };
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(kiosk.screen).toBe('ticket');
    expect(kiosk.print.state).toBe('failed');
  });

  it('offers no more reprints once the hall refuses them', async () => {
    const { client, kiosk } = setup();
    let prints = 0;
    client.answer = (name) => {
      if (name === 'ticket:take') return { ok: true, ...takeResult() };
      return ++prints === 1
        ? { ok: true, result: { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸' } }
        : { ok: false, error: { code: 'REPRINT_LIMIT' as never, message: '补打次数已达上限，请到服务台咨询' } };
    };
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(kiosk.print.canReprint).not.toBe(false);
    await kiosk.printResult(true);
    expect(kiosk.print).toMatchObject({ state: 'failed', canReprint: false });
    expect(kiosk.print.message).toContain('补打次数已达上限');
  });

  it('prints through the shell when the kiosk has its own printer', async () => {
    const { client, kiosk } = setup(kioskSnapshot({ device: { id: 'k', name: 'k', printer: { attached: true, network: false } } }));
    const jobs: { number: string; requestId?: string; bundleName?: string | null }[] = [];
    kiosk.useBridge({
      printTicket: async (data, opts) => {
        jobs.push({ number: data.number, requestId: opts?.requestId, bundleName: data.bundleName });
        return { ok: true, status: null };
      },
    });
    client.answer = () => ({ ok: true, ...takeResult() });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(jobs).toEqual([{ number: 'A023', requestId: 'print-tk-1', bundleName: null }]);
    expect(client.sent.map((s) => s.name)).toEqual(['ticket:take']);
    expect(kiosk.print.state).toBe('printed');
  });

  it('prints the wait range on the printer attached to the kiosk, as the network printer does', async () => {
    const { client, kiosk } = setup(kioskSnapshot({ device: { id: 'k', name: 'k', printer: { attached: true, network: false } } }));
    const ranges: unknown[] = [];
    kiosk.useBridge({
      printTicket: async (data) => {
        ranges.push(data.estimateRange);
        return { ok: true, status: null };
      },
    });
    const range = { low: 8, high: 25, noWindow: false, servableFrom: null };
    const taken = takeResult();
    client.answer = () => ({ ok: true, ...taken, estimateRange: range, print: { ...taken.print, estimateRange: range } });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(ranges).toEqual([range]);
  });

  it('says there is no printer when the kiosk has none', async () => {
    const { client, kiosk } = setup(kioskSnapshot({ device: { id: 'k', name: 'k', printer: null } }));
    client.answer = () => ({ ok: true, ...takeResult() });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(kiosk.print.state).toBe('none');
  });

  it('takes a ticket by appointment code alone', async () => {
    const { client, kiosk } = setup();
    client.answer = () => ({ ok: true, ...takeResult() });
    kiosk.choose({ kind: 'appointment' });
    expect(kiosk.screen).toBe('appointment');
    kiosk.appointmentCode = ' 20261124001 ';
    await kiosk.take();
    expect(client.sent[0]).toMatchObject({ name: 'ticket:take', payload: { appointmentCode: '20261124001' } });
    expect(client.sent[0]!.payload).not.toHaveProperty('serviceIds');
  });

  it('shows the refusal and keeps the choice when the server refuses', async () => {
    const { client, kiosk } = setup();
    client.answer = () => ({ ok: false, error: { code: 'INVALID_ID_NUMBER', message: '身份证号码校验位错误' } });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    kiosk.idNumber = '330102199001011235';
    await kiosk.take();
    expect(kiosk.screen).toBe('confirm');
    expect(kiosk.error).toBe('身份证号码校验位错误');
  });

  it('retries a take that timed out with the same requestId', async () => {
    const { client, kiosk } = setup();
    let n = 0;
    client.answer = () => (++n === 1 ? { ok: false, error: { code: 'TIMEOUT', message: '服务器未响应' } } : { ok: true, ...takeResult() });
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    await kiosk.take();
    const takes = client.sent.filter((s) => s.name === 'ticket:take');
    expect(takes[0]!.requestId).toBe(takes[1]!.requestId);
  });

  it('takes nothing while reconnecting', async () => {
    const { client, kiosk } = setup();
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    client.setState('reconnecting');
    await kiosk.take();
    expect(client.sent).toEqual([]);
  });

  it('refuses to take a ticket when the hall has stopped issuing', async () => {
    const { client, kiosk } = setup(kioskSnapshot({ status: status({ issuing: false, message: '今日已停止取号' }) }));
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    await kiosk.take();
    expect(client.sent).toEqual([]);
    expect(kiosk.error).toBe('今日已停止取号');
  });

  it('forgets everything of the last citizen on reset', async () => {
    const { client, kiosk } = setup();
    client.answer = () => ({ ok: true, ...takeResult() });
    kiosk.elderly = true;
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    kiosk.priority = 'elderly';
    await kiosk.take();
    kiosk.reset();
    expect(kiosk.$state).toMatchObject({ screen: 'home', choice: null, priority: 'none', idNumber: '', result: null, elderly: false, error: null });
  });
});

describe('mergeMaterials', () => {
  it('keeps the larger number of copies when two matters ask for the same material', () => {
    const lines = mergeMaterials([
      { name: 'a', materials: [{ name: '身份证', form: '原件', copies: 1 }] },
      { name: 'b', materials: [{ name: '身份证', form: '原件', copies: 3 }] },
    ]);
    expect(lines).toEqual([{ name: '身份证', form: '原件', copies: 3, forServices: ['a', 'b'] }]);
  });
});
