/**
 * Text messages to citizens who left a phone number at the kiosk: "前面还有 N 人" when their ticket comes
 * near, "请 A023 号到 5 号窗口办理" when it is called. See docs/privacy.md ("Text messages").
 *
 * Wiring (in createHallServer): `createNotifier(...)`, `store.participate(notifier.store.onCommit)` before
 * the first command, `notifier.start()` after listen, `await notifier.stop()` in close().
 */
export { NOTIFY_MIGRATIONS } from './migrations';
export type { NotifyConfigInput } from './config';
export { createNotifier, type Notifier } from './service';
export { registerNotifyRoutes } from './routes';
export type { SmsPort } from './port';
