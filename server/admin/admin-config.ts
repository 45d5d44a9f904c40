import { z } from 'zod';
import { adminConfigSchema, type AdminConfig } from '../../protocol/admin';
import { readAdminConfig, writeAdminConfig } from './config';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, zodIssues } from './errors';

/** Saves the console's settings (follow-up deadline, default rating, alert thresholds), audited. */
export function updateAdminConfig(ctx: AdminContext, actor: Actor, body: unknown): AdminConfig {
  const parsed = adminConfigSchema.safeParse(body, { error: z.locales.zhCN().localeError });
  if (!parsed.success) throw badRequest(`设置填写有误：${zodIssues(parsed.error)[0]!.path} ${zodIssues(parsed.error)[0]!.message}`, zodIssues(parsed.error));
  const before = readAdminConfig(ctx.db);
  ctx.change(
    actor,
    () => writeAdminConfig(ctx.db, parsed.data, ctx.now()),
    () => ({ action: 'adminConfig.update', targetKind: 'adminConfig', targetId: 'admin', summary: '修改回访期限、默认评价、告警、短信通知与保留期限设置', before, after: parsed.data }),
  );
  return parsed.data;
}
