import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, ApiResult } from '../api/admin-api';
import type { AdminConfig, AppointmentRow, AuditEntry, CatalogDocs, DeviceView, LiveView, NotifyStatus, PrinterStatusView, StaffView, SyncStatus, Webhook } from '../../../protocol/admin';
import type { HallAlert } from '../../../protocol/views';
import { useApi } from './session';
import { newRequestId } from '../../shared/socket/request-id';
import { useConnectionStore } from '../../shared/stores/connection';
import { errorText } from '../../shared/i18n';

/**
 * The console's data and the changes it makes: catalogue, staff, devices, settings, webhooks, audit log and
 * the live view. Each action calls the API, shows a notice, and reloads what it changed.
 */
export const useAdminStore = defineStore('admin', () => {
  const catalog = shallowRef<CatalogDocs | null>(null);
  const staff = shallowRef<StaffView[]>([]);
  const devices = shallowRef<DeviceView[]>([]);
  const live = shallowRef<LiveView | null>(null);
  const alerts = shallowRef<HallAlert[]>([]);
  /** The district cloud sync: backlog, last success, last error. */
  const sync = shallowRef<SyncStatus | null>(null);
  /** Text messages to citizens: backlog, dead letters. */
  const notify = shallowRef<NotifyStatus | null>(null);
  /** Kiosk network printers as the print service last saw them. */
  const printers = shallowRef<PrinterStatusView[]>([]);
  const config = shallowRef<AdminConfig | null>(null);
  const webhooks = shallowRef<Webhook[]>([]);
  const webhookEvents = shallowRef<string[]>([]);
  const audit = shallowRef<AuditEntry[]>([]);
  const notice = ref<{ kind: 'info' | 'error'; text: string; error?: ApiError } | null>(null);
  const busy = ref(false);
  /** A secret or token shown once (device token, webhook secret). */
  const shownOnce = ref<{ label: string; value: string } | null>(null);

  async function run<T>(p: Promise<ApiResult<T>>, done?: string): Promise<(T & { ok: true }) | null> {
    busy.value = true;
    const r = await p;
    busy.value = false;
    if (!r.ok) {
      notice.value = { kind: 'error', text: r.error.message, error: r.error };
      return null;
    }
    if (done) notice.value = { kind: 'info', text: done };
    return r as T & { ok: true };
  }

  async function loadCatalog(): Promise<void> {
    const r = await run(useApi().get<{ catalog: CatalogDocs }>('/catalog'));
    if (r) catalog.value = r.catalog;
  }
  async function loadLive(): Promise<void> {
    const [r, s, n] = await Promise.all([
      useApi().get<{ live: LiveView; alerts: HallAlert[]; printers: PrinterStatusView[] }>('/live'),
      useApi().syncStatus(),
      useApi().notifyStatus(),
    ]);
    if (r.ok) {
      live.value = r.live;
      alerts.value = r.alerts;
      printers.value = r.printers;
    }
    if (s.ok) {
      const { ok: _ok, ...status } = s;
      sync.value = status;
    }
    if (n.ok) {
      const { ok: _ok, ...status } = n;
      notify.value = status;
    }
  }
  async function loadStaff(): Promise<void> {
    const r = await run(useApi().get<{ staff: StaffView[] }>('/staff'));
    if (r) staff.value = r.staff;
  }
  async function loadDevices(): Promise<void> {
    const r = await run(useApi().get<{ devices: DeviceView[] }>('/devices'));
    if (r) devices.value = r.devices;
  }
  async function loadConfig(): Promise<void> {
    const r = await run(useApi().get<{ config: AdminConfig }>('/config'));
    if (r) config.value = r.config;
  }
  async function loadWebhooks(): Promise<void> {
    const r = await run(useApi().get<{ webhooks: Webhook[]; events: string[] }>('/webhooks'));
    if (r) {
      webhooks.value = r.webhooks;
      webhookEvents.value = r.events;
    }
  }
  async function loadAudit(): Promise<void> {
    const r = await run(useApi().get<{ entries: AuditEntry[] }>('/audit?limit=200'));
    if (r) audit.value = r.entries;
  }

  /** Creates (`create`) or replaces an item of the catalogue: group, service, bundle, window. */
  async function saveItem(kind: 'group' | 'service' | 'bundle' | 'window', item: { id: string }, create: boolean): Promise<boolean> {
    const api = useApi();
    const r = await run(create ? api.send('POST', `/catalog/${kind}`, item) : api.send('PUT', `/catalog/${kind}/${encodeURIComponent(item.id)}`, item), '已保存');
    if (r) await loadCatalog();
    return !!r;
  }
  async function deleteItem(kind: 'group' | 'service' | 'bundle' | 'window', id: string): Promise<boolean> {
    const r = await run(useApi().send('DELETE', `/catalog/${kind}/${encodeURIComponent(id)}`), '已删除');
    if (r) await loadCatalog();
    return !!r;
  }
  async function saveSettings(settings: CatalogDocs['settings']): Promise<boolean> {
    const r = await run(useApi().send('PUT', '/settings', settings), '叫号规则已保存');
    if (r) await loadCatalog();
    return !!r;
  }
  async function saveHall(hall: CatalogDocs['hall']): Promise<boolean> {
    const r = await run(useApi().send('PUT', '/hall', hall), '大厅信息已保存');
    if (r) await loadCatalog();
    return !!r;
  }
  async function saveConfig(c: AdminConfig): Promise<boolean> {
    const r = await run(useApi().send<{ config: AdminConfig }>('PUT', '/config', c), '设置已保存');
    if (r) config.value = r.config;
    return !!r;
  }

  /** Imports a catalogue file (JSON or xlsx); refused whole when any row is wrong. */
  async function importCatalog(file: File, dryRun: boolean): Promise<boolean> {
    const api = useApi();
    const q = `?name=${encodeURIComponent(file.name)}${dryRun ? '&dryRun=true' : ''}`;
    let p: Promise<ApiResult<{ result: { created: Record<string, string[]>; updated: Record<string, string[]> } }>>;
    if (file.name.toLowerCase().endsWith('.json')) {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        notice.value = { kind: 'error', text: '文件不是有效的 JSON' };
        return false;
      }
      p = api.send('POST', `/catalog-import${q}`, data);
    } else {
      p = api.upload(`/catalog-import${q}`, await file.arrayBuffer());
    }
    const r = await run(p);
    if (!r) return false;
    const n = (x: Record<string, string[]>) => Object.values(x).reduce((a, l) => a + l.length, 0);
    notice.value = { kind: 'info', text: `${dryRun ? '检查通过，可导入' : '已导入'}：新增 ${n(r.result.created)} 项，修改 ${n(r.result.updated)} 项` };
    if (!dryRun) await loadCatalog();
    return true;
  }
  async function exportCatalog(format: 'json' | 'xlsx'): Promise<void> {
    await run(useApi().download(`/catalog-export?format=${format}`, `事项目录.${format}`));
  }

  async function createStaff(body: Record<string, unknown>): Promise<boolean> {
    const r = await run(useApi().send('POST', '/staff', body), '已新增工作人员');
    if (r) await loadStaff();
    return !!r;
  }
  async function updateStaff(body: StaffView): Promise<boolean> {
    const { passwordSet: _a, passwordUpdatedAt: _b, windowId: _c, photoUpdatedAt: _d, ...staffDoc } = body;
    const r = await run(useApi().send('PUT', `/staff/${encodeURIComponent(body.id)}`, staffDoc), '已保存');
    if (r) await loadStaff();
    return !!r;
  }
  async function deleteStaff(id: string): Promise<boolean> {
    const r = await run(useApi().send('DELETE', `/staff/${encodeURIComponent(id)}`), '已删除');
    if (r) await loadStaff();
    return !!r;
  }
  async function resetPassword(id: string, password: string): Promise<boolean> {
    return !!(await run(useApi().send('POST', `/staff/${encodeURIComponent(id)}/password`, { password }), '密码已重置，该人员需重新登录'));
  }

  const appointments = ref<{ date: string; appointments: AppointmentRow[] } | null>(null);
  async function loadAppointments(date?: string): Promise<void> {
    const r = await run(useApi().get<{ date: string; appointments: AppointmentRow[] }>(`/appointments${date ? `?date=${encodeURIComponent(date)}` : ''}`));
    if (r) appointments.value = { date: r.date, appointments: r.appointments };
  }
  /** Imports a CSV or xlsx of appointments (all or nothing); `dryRun` only checks it. */
  async function importAppointments(file: File, dryRun: boolean): Promise<boolean> {
    const q = `?name=${encodeURIComponent(file.name)}${dryRun ? '&dryRun=true' : ''}`;
    const r = await run(useApi().upload<{ result: { added: number; kept: number } }>(`/appointments-import${q}`, await file.arrayBuffer()));
    if (!r) return false;
    notice.value = { kind: 'info', text: `${dryRun ? '检查通过，可导入' : '已导入'}：新增 ${r.result.added} 条，已有 ${r.result.kept} 条不变` };
    if (!dryRun) await loadAppointments(appointments.value?.date);
    return true;
  }

  /** Uploads a staff photo (JPG, PNG or WebP, at most 300 KB; the server checks the bytes too). */
  async function uploadStaffPhoto(id: string, file: File): Promise<boolean> {
    const types = ['image/jpeg', 'image/png', 'image/webp'];
    if (!types.includes(file.type)) {
      notice.value = { kind: 'error', text: '请选择 JPG、PNG 或 WebP 格式的照片' };
      return false;
    }
    if (file.size > 300 * 1024) {
      notice.value = { kind: 'error', text: `照片不能大于 300 KB（所选 ${Math.ceil(file.size / 1024)} KB）` };
      return false;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const r = await run(useApi().send('PUT', `/staff/${encodeURIComponent(id)}/photo`, { mime: file.type, data: btoa(bin) }), '照片已更新');
    if (r) await loadStaff();
    return !!r;
  }
  async function deleteStaffPhoto(id: string): Promise<boolean> {
    const r = await run(useApi().send('DELETE', `/staff/${encodeURIComponent(id)}/photo`), '照片已删除');
    if (r) await loadStaff();
    return !!r;
  }

  async function saveDevice(body: Partial<DeviceView> & { id: string }, create: boolean): Promise<boolean> {
    const { activeTokens: _a, lastSeenAt: _b, connected: _c, printerView: _d, ...doc } = body;
    const api = useApi();
    const r = await run(create ? api.send('POST', '/devices', doc) : api.send('PUT', `/devices/${encodeURIComponent(body.id)}`, doc), '已保存');
    if (r) await loadDevices();
    return !!r;
  }
  async function deleteDevice(id: string): Promise<void> {
    if (await run(useApi().send('DELETE', `/devices/${encodeURIComponent(id)}`), '已删除')) await loadDevices();
  }
  async function issueToken(id: string, replace: boolean): Promise<void> {
    const r = await run(useApi().send<{ token: string }>('POST', `/devices/${encodeURIComponent(id)}/tokens`, { replace }));
    if (r) {
      shownOnce.value = { label: `设备 ${id} 的授权码（只显示这一次）`, value: r.token };
      await loadDevices();
    }
  }
  async function revokeTokens(id: string): Promise<void> {
    if (await run(useApi().send('DELETE', `/devices/${encodeURIComponent(id)}/tokens`), '已作废该设备的全部授权码')) await loadDevices();
  }
  async function printer(id: string, test: boolean): Promise<void> {
    const api = useApi();
    const r = await run(
      test ? api.send<{ printer: { message: string } }>('POST', `/devices/${encodeURIComponent(id)}/printer/test`) : api.get<{ printer: { message: string } }>(`/devices/${encodeURIComponent(id)}/printer`),
    );
    if (r) notice.value = { kind: 'info', text: `打印机：${r.printer.message}` };
  }

  /** The live view's 无人可办: open a window for a stranded ticket (a clerk signed in there), audited. */
  async function openWindow(windowId: string, staffId: string): Promise<boolean> {
    const r = await run(useApi().send('POST', `/live/windows/${encodeURIComponent(windowId)}/open`, { requestId: newRequestId('live'), staffId }), '已开启窗口');
    if (r) await loadLive();
    return !!r;
  }
  /** Cancels a waiting ticket with the manager's reason, audited. */
  async function cancelTicket(ticketId: string, reason: string): Promise<boolean> {
    const r = await run(useApi().send('POST', `/live/tickets/${encodeURIComponent(ticketId)}/cancel`, { requestId: newRequestId('live'), reason }), '已取消号票');
    if (r) await loadLive();
    return !!r;
  }

  /**
   * 改派: a waiting ticket to a staffed window and/or other matters, with the manager's reason. A hall
   * command (the socket's `ticket:reassign`, audited by the hall), not a REST change.
   */
  async function reassignTicket(ticketId: string, target: { windowId?: string; serviceIds?: string[] }, reason: string): Promise<boolean> {
    busy.value = true;
    const r = await useConnectionStore().send('ticket:reassign', { ticketId, ...target, reason }, { requestId: newRequestId('reassign') });
    busy.value = false;
    if (!r.ok) {
      notice.value = { kind: 'error', text: errorText(r.error), error: r.error };
      return false;
    }
    notice.value = { kind: 'info', text: `已改派 ${r.ticket.number}，前面还有 ${r.ahead} 人` };
    await loadLive();
    return true;
  }

  async function saveWebhook(body: Record<string, unknown>, id: string | null): Promise<boolean> {
    const api = useApi();
    const r = await run(id ? api.send('PUT', `/webhooks/${id}`, body) : api.send<{ secret: string }>('POST', '/webhooks', body), '已保存');
    if (r && 'secret' in r) shownOnce.value = { label: 'Webhook 签名密钥（只显示这一次）', value: (r as { secret: string }).secret };
    if (r) await loadWebhooks();
    return !!r;
  }
  async function deleteWebhook(id: string): Promise<void> {
    if (await run(useApi().send('DELETE', `/webhooks/${id}`), '已删除')) await loadWebhooks();
  }
  async function rotateSecret(id: string): Promise<void> {
    const r = await run(useApi().send<{ secret: string }>('POST', `/webhooks/${id}/secret`));
    if (r) shownOnce.value = { label: 'Webhook 新签名密钥（只显示这一次）', value: r.secret };
  }

  return {
    catalog,
    staff,
    devices,
    live,
    alerts,
    sync,
    notify,
    printers,
    config,
    webhooks,
    webhookEvents,
    audit,
    notice,
    busy,
    shownOnce,
    loadCatalog,
    loadLive,
    openWindow,
    cancelTicket,
    reassignTicket,
    loadStaff,
    loadDevices,
    loadConfig,
    loadWebhooks,
    loadAudit,
    saveItem,
    deleteItem,
    saveSettings,
    saveHall,
    saveConfig,
    importCatalog,
    exportCatalog,
    createStaff,
    updateStaff,
    deleteStaff,
    resetPassword,
    uploadStaffPhoto,
    appointments,
    loadAppointments,
    importAppointments,
    deleteStaffPhoto,
    saveDevice,
    deleteDevice,
    issueToken,
    revokeTokens,
    printer,
    saveWebhook,
    deleteWebhook,
    rotateSecret,
  };
});
