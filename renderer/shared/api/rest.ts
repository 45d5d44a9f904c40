import { clerkCardAnswerSchema, type ClerkCard } from '../../../protocol/clerk-card';
import { refused, type ErrorBody } from '../../../protocol/errors';
import type { TicketStatusView } from '../../../protocol/views';

/**
 * The REST calls a terminal makes (sign-in, the public ticket status). Like the socket module, the only
 * place that does this I/O; stores call it, components never do.
 */
export type RestResult<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export interface StaffLogin {
  token: string;
  staff: { id: string; name: string; role: 'clerk' | 'admin'; username: string };
  expiresAt: number;
}

async function call<T>(fetchFn: typeof fetch, input: string, init?: RequestInit): Promise<RestResult<T>> {
  try {
    const res = await fetchFn(input, { ...init, signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as RestResult<T>;
    if (body && typeof body === 'object' && 'ok' in body) return body;
    return refused('INTERNAL');
  } catch (err) {
    const timeout = err instanceof DOMException && err.name === 'TimeoutError';
    return refused(timeout ? 'TIMEOUT' : 'OFFLINE');
  }
}

/** `POST /api/login`. */
export function login(username: string, password: string, fetchFn: typeof fetch = fetch): Promise<RestResult<StaffLogin>> {
  return call<StaffLogin>(fetchFn, '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** `POST /api/logout`: ends the session on the server. */
export function logout(token: string, fetchFn: typeof fetch = fetch): Promise<RestResult<object>> {
  return call<object>(fetchFn, '/api/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
}

/** `GET /api/tickets/:id`: a ticket's public status. */
export function ticketStatus(id: string, fetchFn: typeof fetch = fetch): Promise<RestResult<{ ticket: TicketStatusView }>> {
  return call<{ ticket: TicketStatusView }>(fetchFn, `/api/tickets/${encodeURIComponent(id)}`);
}

/** `GET /api/windows/:id/clerk`: who serves at a window (亮证亮岗), checked against its schema. */
export async function clerkCard(windowId: string, fetchFn: typeof fetch = fetch): Promise<RestResult<{ clerk: ClerkCard | null }>> {
  const r = await call<{ clerk: unknown }>(fetchFn, `/api/windows/${encodeURIComponent(windowId)}/clerk`);
  if (!r.ok) return r;
  const parsed = clerkCardAnswerSchema.safeParse(r);
  return parsed.success ? parsed.data : refused('INTERNAL');
}
