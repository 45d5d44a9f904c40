import { describe, expect, it } from 'vitest';
import { DEMO_TICKET } from './demo-ticket';
import { layoutTicket } from './layout';
import { printerConfigSchema, ticketPrintDataSchema, type TicketPrintData } from '../protocol/print';

describe('ticketPrintDataSchema', () => {
  it("accepts the hall server's print payload as it is (nulls, an empty footer, hall-local time)", () => {
    const payload: TicketPrintData = {
      hallName: '某某区政务服务中心',
      number: 'A023',
      groupName: '个人综合',
      serviceNames: ['居民身份证换领'],
      bundleName: null,
      ahead: 3,
      estimatedWaitMinutes: 9,
      takenAt: '2026-11-24 09:05',
      statusUrl: 'http://127.0.0.1:8080/t/AbC123xyz_-0',
      materials: ['居民身份证'],
      footer: '',
      priorityLabel: null,
    };
    const parsed = ticketPrintDataSchema.parse(payload);
    expect(parsed).toMatchObject({ bundleName: undefined, footer: undefined, priorityLabel: undefined });
    const texts = layoutTicket(parsed, { paperWidthMm: 58 }).ops.flatMap((o) => (o.op === 'text' ? [o.text] : []));
    expect(texts).toContain('取号时间：2026-11-24 09:05');
  });

  it('refuses a QR target that is not an http(s) URL and a number that is not a ticket number', () => {
    expect(ticketPrintDataSchema.safeParse({ ...DEMO_TICKET, statusUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(ticketPrintDataSchema.safeParse({ ...DEMO_TICKET, number: 'A0\x1b@' }).success).toBe(false);
  });
});

describe('printerConfigSchema', () => {
  it.each(['tcp://192.168.1.50:9100', 'tcp://printer-1.hall.lan:9100', '/dev/usb/lp0', '/dev/ttyUSB0', 'file:/var/lib/yichuang/tickets.bin'])(
    'accepts %s',
    (uri) => expect(printerConfigSchema.safeParse({ uri, type: 'epson', paperWidthMm: 80, timeoutMs: 3000 }).success).toBe(true),
  );

  it.each(['http://printer', 'tcp://host', 'lp0', '/tmp/x', 'printer:auto'])('refuses %s', (uri) =>
    expect(printerConfigSchema.safeParse({ uri, type: 'epson', paperWidthMm: 80, timeoutMs: 3000 }).success).toBe(false),
  );
});
