import type { DeviceView } from '../../protocol/admin';
import type { Device } from '../../protocol/catalog';
import { hashToken, newToken } from '../auth/secrets';
import { readDocs } from './catalog-docs';
import { createItem, deleteItem, upsertItem } from './catalog-admin';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { AdminError, notFound } from './errors';
import { createNetworkPrinterPort, type PrinterCheck, type PrinterPort } from './printers';
import { disconnectWhere } from './sockets';

/** Every device with its tokens, last contact, connection and (for a kiosk) its printer's status. */
export function listDevices(ctx: AdminContext): DeviceView[] {
  const tokens = ctx.db
    .prepare('SELECT device_id, SUM(revoked_at IS NULL) AS active, MAX(last_seen_at) AS seen FROM device_tokens GROUP BY device_id')
    .all() as { device_id: string; active: number; seen: number | null }[];
  const byId = new Map(tokens.map((t) => [t.device_id, t]));
  const connected = new Set<string>();
  for (const s of ctx.deps.io.of('/').sockets.values()) if (s.data?.identity?.deviceId) connected.add(s.data.identity.deviceId);
  const printers = new Map((ctx.deps.printing?.printers() ?? []).map((p) => [p.deviceId, p]));
  return readDocs(ctx.db).devices.map((d) => ({
    ...d,
    printerView: printers.get(d.id) ?? null,
    activeTokens: byId.get(d.id)?.active ?? 0,
    lastSeenAt: byId.get(d.id)?.seen ?? null,
    connected: connected.has(d.id),
  }));
}

function deviceOf(ctx: AdminContext, id: string): Device {
  const d = readDocs(ctx.db).devices.find((x) => x.id === id);
  if (!d) throw notFound(`设备 ${id} 不存在`);
  return d;
}

export const createDevice = (ctx: AdminContext, actor: Actor, id: string, body: unknown) => createItem(ctx, actor, 'device', id, body);
export const updateDevice = (ctx: AdminContext, actor: Actor, id: string, body: unknown) => upsertItem(ctx, actor, 'device', id, body);

/** Deletes a device, revoking its tokens and disconnecting it. */
export function deleteDevice(ctx: AdminContext, actor: Actor, id: string): void {
  const now = ctx.now();
  deleteItem(ctx, actor, 'device', id, () => {
    ctx.db.prepare('UPDATE device_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(now, id);
  });
  disconnectWhere(ctx.deps.io, (i) => i.deviceId === id);
}

/**
 * Issues a new token for a device. Only its SHA-256 is stored; the plain token is in this answer and
 * nowhere else. `replace` revokes the device's other tokens (a kiosk re-installed).
 */
export function issueToken(ctx: AdminContext, actor: Actor, id: string, replace: boolean): { token: string; issuedAt: number } {
  const device = deviceOf(ctx, id);
  const token = newToken();
  const now = ctx.now();
  ctx.change(
    actor,
    () => {
      if (replace) ctx.db.prepare('UPDATE device_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(now, id);
      ctx.db.prepare('INSERT INTO device_tokens (token_hash, device_id, issued_at) VALUES (?, ?, ?)').run(hashToken(token), id, now);
    },
    () => ({
      action: 'device.tokenIssue',
      targetKind: 'device',
      targetId: id,
      summary: `为「${device.name}」签发令牌${replace ? '（旧令牌作废）' : ''}`,
      before: null,
      after: { replace },
    }),
  );
  if (replace) disconnectWhere(ctx.deps.io, (i) => i.deviceId === id);
  return { token, issuedAt: now };
}

/** Revokes every token of a device and disconnects it: it cannot come back until a new token is issued. */
export function revokeTokens(ctx: AdminContext, actor: Actor, id: string): { revoked: number } {
  const device = deviceOf(ctx, id);
  const now = ctx.now();
  const revoked = ctx.change(
    actor,
    () => ctx.db.prepare('UPDATE device_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(now, id).changes,
    (n) => ({ action: 'device.tokenRevoke', targetKind: 'device', targetId: id, summary: `作废「${device.name}」的 ${n} 个令牌`, before: null, after: { revoked: n } }),
  );
  disconnectWhere(ctx.deps.io, (i) => i.deviceId === id);
  return { revoked };
}

/** The console's way to a kiosk printer: the one given, else the hall's print service. */
function printerPort(ctx: AdminContext): PrinterPort {
  if (ctx.deps.printers) return ctx.deps.printers;
  if (!ctx.deps.printing) throw new AdminError('NOT_AVAILABLE', 503, '打印服务未启用');
  return createNetworkPrinterPort(ctx.deps.printing);
}

/** The kiosk printer's status, through the printing seam. */
export async function printerStatus(ctx: AdminContext, id: string): Promise<PrinterCheck> {
  const port = printerPort(ctx);
  return port.status(deviceOf(ctx, id));
}

/** Prints a test ticket on the kiosk's printer; audited (paper comes out in the hall). */
export async function testPrint(ctx: AdminContext, actor: Actor, id: string): Promise<PrinterCheck> {
  const device = deviceOf(ctx, id);
  const port = printerPort(ctx);
  const result = await port.testPrint(device, ctx.hall.state.catalog.hall.name, ctx.now());
  ctx.change(
    actor,
    () => undefined,
    () => ({ action: 'device.testPrint', targetKind: 'device', targetId: id, summary: `测试打印「${device.name}」：${result.message}`, before: null, after: result }),
  );
  return result;
}
