import type { KioskCatalog } from '../../../protocol/catalog';
import type {
  CallView,
  ClerkSnapshot,
  DisplaySnapshot,
  EvalSnapshot,
  HallStatusView,
  KioskSnapshot,
  TakeResult,
  TicketDetail,
  WindowView,
} from '../../../protocol/views';

/** Small, typed snapshots for tests of the terminals. */
export const NOW = Date.parse('2026-11-24T02:00:00Z');

export function status(over: Partial<HallStatusView> = {}): HallStatusView {
  return {
    businessDate: '2026-11-24',
    dayOpen: true,
    open: true,
    issuing: true,
    dayKind: 'workday',
    banner: null,
    closesAt: null,
    cutoffAt: null,
    nextOpenAt: null,
    message: null,
    warnings: [],
    ...over,
  };
}

export function windowView(over: Partial<WindowView> = {}): WindowView {
  return {
    id: 'w05',
    number: 5,
    name: '5号综合窗口',
    comprehensive: true,
    status: 'open',
    pauseReason: null,
    staffName: '张伟',
    staffId: 's-zhangwei',
    currentTicket: null,
    since: NOW,
    ...over,
  };
}

export const CATALOG: KioskCatalog = {
  categories: [
    { id: 'personal', name: '个人事项' },
    { id: 'company', name: '企业事项' },
  ],
  services: [
    {
      id: 'svc-sscard',
      name: '社会保障卡申领',
      subName: '首次申领、补换卡',
      category: 'personal',
      groupId: 'A',
      materials: [
        { name: '居民身份证', form: '原件', copies: 1 },
        { name: '近期免冠照片', form: '原件', copies: 1, note: '白底' },
      ],
      timeLimitDays: 0,
      keywords: ['社保卡'],
      department: '人社局',
      // As the hall server computes it (server/hall/search-keys.ts).
      search: {
        initials: ['shbzksl', 'scslbhk', 'sbk', 'rsj'],
        spelled: ['shehuibaozhangkashenling', 'shoucishenlingbuhuanka', 'shebaoka', 'rensheju'],
      },
    },
    {
      id: 'svc-retire',
      name: '职工基本养老保险退休申请',
      subName: '',
      category: 'personal',
      groupId: 'A',
      materials: [
        { name: '居民身份证', form: '原件和复印件', copies: 2 },
        { name: '退休审批表', form: '原件', copies: 1 },
      ],
      timeLimitDays: 10,
      keywords: ['退休'],
      department: '人社局',
      search: { initials: ['zgjbylbxtxsq', 'tx', 'rsj'], spelled: ['zhigongjibenyanglaobaoxiantuixiushenqing', 'tuixiu', 'rensheju'] },
    },
    {
      id: 'svc-invoice',
      name: '发票申领',
      subName: '',
      category: 'company',
      groupId: 'B',
      materials: [{ name: '营业执照', form: '原件', copies: 1 }],
      timeLimitDays: 0,
      keywords: ['发票'],
      department: '税务局',
      search: { initials: ['fpsl', 'fp', 'swj'], spelled: ['fapiaoshenling', 'fapiao', 'shuiwuju'] },
    },
  ],
  bundles: [
    {
      id: 'bdl-retire',
      name: '退休一件事',
      lifeEvent: '退休',
      description: '',
      groupId: 'A',
      serviceIds: ['svc-retire', 'svc-sscard'],
      search: { initials: ['txyjs', 'tx'], spelled: ['tuixiuyijianshi', 'tuixiu'] },
    },
  ],
};

const base = (seq = 10) => ({
  seq,
  now: NOW,
  hall: { id: 'hall', code: '330106', name: '西湖区行政服务中心', notice: '请带齐材料' },
  status: status(),
  groups: [{ groupId: 'A', name: '个人综合', kind: 'intake', waiting: 3, longestWaitMinutes: 12 }],
  windows: [windowView()],
  recentCalls: [] as CallView[],
});

export function kioskSnapshot(over: Partial<KioskSnapshot> = {}): KioskSnapshot {
  return {
    ...base(),
    role: 'kiosk',
    device: { id: 'kiosk-1', name: '1号取号机', printer: { attached: false, network: true } },
    catalog: CATALOG,
    textMessages: true,
    phoneCallbackDays: 30,
    ...over,
  };
}

export function displaySnapshot(over: Partial<DisplaySnapshot> = {}): DisplaySnapshot {
  return { ...base(), role: 'display', device: { id: 'display-main', name: '大厅综合屏', windowId: null }, ...over };
}

export function evalSnapshot(over: Partial<EvalSnapshot> = {}): EvalSnapshot {
  return { ...base(), role: 'eval', device: { id: 'eval-w05', name: '5号窗口评价器', windowId: 'w05' }, pending: null, ...over };
}

export function ticketDetail(over: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: 'tk-1',
    number: 'A023',
    groupId: 'A',
    state: 'waiting',
    serviceIds: ['svc-sscard'],
    bundleId: null,
    priority: 'none',
    takenAt: NOW - 600_000,
    calledAt: null,
    windowId: null,
    prioritySource: 'none',
    appointmentCode: null,
    idMasked: null,
    phoneMasked: null,
    queuedAt: NOW - 600_000,
    waitedMs: 0,
    callCount: 0,
    lastCalledAt: null,
    startedAt: null,
    completedAt: null,
    returns: 0,
    transfers: 0,
    targetWindowId: null,
    outcome: null,
    caseIds: [],
    ...over,
  };
}

export function clerkSnapshot(over: Partial<ClerkSnapshot> = {}): ClerkSnapshot {
  return {
    ...base(),
    role: 'clerk',
    me: { staffId: 's-zhangwei', name: '张伟', role: 'clerk', windowId: 'w05' },
    window: windowView(),
    current: null,
    queue: [],
    noShows: [],
    servable: 0,
    figures: { served: 0, avgWaitMinutes: 0, avgHandlingMinutes: 0, evaluations: 0, satisfactionRate: null },
    services: CATALOG.services.map((s) => ({ id: s.id, name: s.name, groupId: s.groupId, materials: s.materials })),
    bundles: CATALOG.bundles.map((b) => ({ id: b.id, name: b.name, serviceIds: b.serviceIds })),
    allWindows: [
      { id: 'w01', number: 1, name: '1号综合窗口' },
      { id: 'w05', number: 5, name: '5号综合窗口' },
    ],
    ...over,
  };
}

export function takeResult(over: Partial<TakeResult> = {}): TakeResult {
  return {
    ticket: { id: 'tk-1', number: 'A023', groupId: 'A', state: 'waiting', serviceIds: ['svc-sscard'], bundleId: null, priority: 'none', takenAt: NOW, calledAt: null, windowId: null },
    ahead: 2,
    estimatedWaitMinutes: 14,
    servableNow: true,
    servableFrom: null,
    print: {
      hallName: '西湖区行政服务中心',
      number: 'A023',
      groupName: '个人综合',
      serviceNames: ['社会保障卡申领'],
      bundleName: null,
      ahead: 2,
      estimatedWaitMinutes: 14,
      takenAt: '2026-11-24 10:00',
      statusUrl: 'http://127.0.0.1:8080/t/tk-1',
      materials: ['居民身份证'],
      footer: '',
      priorityLabel: null,
    },
    ...over,
  };
}
