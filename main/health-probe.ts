/**
 * One health check against the hall server: GET /healthz, true on 200. It never rejects and never
 * waits longer than its timeout, so the reconnect loop keeps its pace whatever the network does.
 */

/** The fetch the probe needs (Electron's main process and Node both have one). */
export type FetchLike = (url: string, init: { signal: AbortSignal; cache: 'no-store'; redirect: 'manual' }) => Promise<{ status: number }>;

/** Builds the probe for a server origin. */
export function createHealthProbe(server: string, fetchFn: FetchLike, timeoutMs = 3_000): () => Promise<boolean> {
  const url = new URL('/healthz', server).toString();
  return async () => {
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store', redirect: 'manual' });
      return res.status === 200;
    } catch {
      return false;
    }
  };
}
