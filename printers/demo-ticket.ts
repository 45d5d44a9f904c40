/** The demo ticket: used by the preview, the emulator's self-test, the docs and the tests. */
import type { TicketPrintData } from '../protocol/print';

/** A realistic ticket for 企业开办 with every optional field set. */
export const DEMO_TICKET: TicketPrintData = {
  hallName: '某某区政务服务中心',
  number: 'A023',
  groupName: '个人综合',
  serviceNames: ['营业执照设立登记', '公章刻制备案', '申领发票'],
  bundleName: '企业开办一件事',
  ahead: 12,
  estimatedWaitMinutes: 25,
  takenAt: '2026-11-28T01:31:00.000Z',
  statusUrl: 'https://hall.example.gov.cn/t/3f9c2a71',
  materials: ['法定代表人身份证原件', '企业名称自主申报告知书', '住所使用证明（租赁合同或产权证明）'],
  footer: '最多跑一次 · 周六上午照常办理',
  priorityLabel: '老年人优先',
};
