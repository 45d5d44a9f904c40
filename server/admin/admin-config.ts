import { adminConfigSchema, type AdminConfig } from '../../protocol/admin';
import { readAdminConfig, writeAdminConfig } from './config';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { applyPartial } from './partial-update';

/** Saves the console's settings (follow-up deadline, default rating, alert thresholds), audited. */
export function updateAdminConfig(ctx: AdminContext, actor: Actor, body: unknown): AdminConfig {
  const before = readAdminConfig(ctx.db);
  // Only what the body names changes; an unknown (misspelt) key is refused, never saved as defaults.
  const parsed = { data: applyPartial(adminConfigSchema, before, body, '设置') };
  ctx.change(
    actor,
    () => writeAdminConfig(ctx.db, parsed.data, ctx.now()),
    () => ({ action: 'adminConfig.update', targetKind: 'adminConfig', targetId: 'admin', summary: '修改回访期限、默认评价、告警、短信通知与保留期限设置', before, after: parsed.data }),
  );
  return parsed.data;
}
