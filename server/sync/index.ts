/** The hall-side sender of case records to the district cloud (docs/cloud-api.md). */
export { BatchRefusedError } from './adapter';
export type {
  AdapterContext,
  BatchOutcome,
  CaseExchangeAdapter,
  EncodedRequest,
  OutgoingBatch,
  OutgoingRecord,
  ReceivedResponse,
} from './adapter';
export { isConfigured, syncConfigFromEnv, syncConfigSchema } from './config';
export type { SyncConfig, SyncConfigInput } from './config';
export { createDefaultAdapter } from './default-adapter';
export { SYNC_MIGRATIONS } from './migrations';
export { createSyncService } from './service';
export type { FlushResult, InFlightStatus, SyncService, SyncServiceDeps, SyncStatus } from './service';
export type { DeadLetter } from './sync-store';
