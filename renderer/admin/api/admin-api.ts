import type { NotifyStatus, SyncStatus } from '../../../protocol/admin';
import { refusal, refused } from '../../../protocol/errors';

/**
 * The admin console's REST calls to `/api/admin/...`: the one place in the page that does this I/O.
 * Stores call it; components never do. Every answer is `{ ok: true, ... }` or `{ ok: false, error }`.
 */
export interface ApiIssue {
  path: string;
  message: string;
  sheet?: string;
  row?: number;
  column?: string;
}
export interface ApiError {
  code: string;
  message: string;
  issues?: ApiIssue[];
}
export type ApiResult<T> = ({ ok: true } & T) | { ok: false; error: ApiError };

export interface AdminApi {
  get<T>(path: string): Promise<ApiResult<T>>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>>;
  /** Uploads raw bytes (an xlsx workbook). */
  upload<T>(path: string, data: Blob | ArrayBuffer): Promise<ApiResult<T>>;
  /** Fetches a file and hands it to the browser as a download. */
  download(path: string, fileName: string): Promise<ApiResult<object>>;
  /** The district cloud sync's state (`GET /api/sync/status`, beside the admin routes). */
  syncStatus(): Promise<ApiResult<SyncStatus>>;
  /** The text messages to citizens (`GET /api/notify/status`): backlog and dead letters. */
  notifyStatus(): Promise<ApiResult<NotifyStatus>>;
}

/** Builds the client for a session token; `onUnauthorized` is told when the server no longer accepts it. */
export function createAdminApi(token: string, onUnauthorized: () => void, fetchFn: typeof fetch = (...a) => fetch(...a)): AdminApi {
  const base = '/api/admin';
  const call = <T>(path: string, init: RequestInit) => callUrl<T>(`${base}${path}`, init);
  async function callUrl<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetchFn(url, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      const timeout = err instanceof DOMException && err.name === 'TimeoutError';
      return refused(timeout ? 'TIMEOUT' : 'OFFLINE');
    }
    if (res.status === 401) onUnauthorized();
    try {
      return (await res.json()) as ApiResult<T>;
    } catch {
      return refused('INTERNAL');
    }
  }
  return {
    get: (path) => call(path, { method: 'GET' }),
    syncStatus: () => callUrl('/api/sync/status', { method: 'GET' }),
    notifyStatus: () => callUrl('/api/notify/status', { method: 'GET' }),
    send: (method, path, body) =>
      call(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    upload: (path, data) => call(path, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: data }),
    async download(path, fileName) {
      let res: Response;
      try {
        res = await fetchFn(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
      } catch {
        return refused('OFFLINE');
      }
      if (res.status === 401) onUnauthorized();
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: ApiError } | null;
        return { ok: false, error: body?.error ?? refusal('INTERNAL', '导出失败') };
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { ok: true };
    },
  };
}
