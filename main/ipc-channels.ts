/**
 * The IPC channels between the preload and the main process, one per bridge method. Shared by
 * `preload-bridge.ts` and `bridge-handlers.ts`; nothing else may use IPC.
 */
export const IPC = {
  getDeviceInfo: 'yichuang:device-info',
  getDeviceToken: 'yichuang:device-token',
  printTicket: 'yichuang:print-ticket',
  printerStatus: 'yichuang:printer-status',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** The argument the preload finds in `process.argv` on citizen screens, where it closes the context menu. */
export const CITIZEN_ARG = '--yichuang-citizen=1';
