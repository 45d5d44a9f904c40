import { describe, expect, it, vi } from 'vitest';
import { useStaffSession, type SessionStorageLike } from './staff-session';

function memory(): SessionStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const clerk = { id: 's-lina', name: '李娜', role: 'clerk', username: 'lina' };
const admin = { id: 's-admin', name: '管理员', role: 'admin', username: 'admin' };

describe('staff session (clerk terminal and admin console)', () => {
  it('refuses another role where one is required, and ends that session on the server', async () => {
    const storage = memory();
    const calls: string[] = [];
    const fetchFn = vi.fn(async (url: string | URL | Request) => {
      calls.push(String(url));
      return String(url).endsWith('/login') ? json(200, { ok: true, token: 't'.repeat(32), staff: clerk, expiresAt: Date.now() + 60_000 }) : json(200, { ok: true });
    }) as unknown as typeof fetch;
    const s = useStaffSession({ key: 'k', role: 'admin', wrongRole: '该账号不是管理员，请使用窗口工作台' });
    s.restore(storage, fetchFn);
    expect(await s.login('lina', 'demo1234')).toBe(false);
    expect(s.error.value).toBe('该账号不是管理员，请使用窗口工作台');
    expect(s.token.value).toBeNull();
    expect(storage.map.size).toBe(0);
    expect(calls).toEqual(['/api/login', '/api/logout']);
  });

  it('restores only a saved session of the required role', () => {
    const storage = memory();
    storage.setItem('k', JSON.stringify({ token: 'c'.repeat(32), staff: clerk, expiresAt: Date.now() + 60_000 }));
    const s = useStaffSession({ key: 'k', role: 'admin' });
    s.restore(storage);
    expect(s.token.value).toBeNull();
    storage.setItem('k', JSON.stringify({ token: 'a'.repeat(32), staff: admin, expiresAt: Date.now() + 60_000 }));
    s.restore(storage);
    expect(s.token.value).toBe('a'.repeat(32));
  });

  it('tells its owner when a session opens and closes, and forgets it on expiry', async () => {
    const storage = memory();
    const opened: string[] = [];
    let closed = 0;
    const s = useStaffSession({ key: 'k', storage: () => storage, onOpen: (t) => opened.push(t), onClose: () => closed++ });
    const fetchFn = (async () => json(200, { ok: true, token: 'a'.repeat(32), staff: admin, expiresAt: Date.now() + 60_000 })) as typeof fetch;
    s.restore(undefined, fetchFn);
    expect(await s.login('admin', 'admin1234')).toBe(true);
    expect(opened).toEqual(['a'.repeat(32)]);
    expect(storage.getItem('k')).toContain('a'.repeat(32));
    s.expire();
    expect(closed).toBe(1);
    expect(s.error.value).toBe('登录已过期，请重新登录');
    expect(storage.getItem('k')).toBeNull();
  });
});
