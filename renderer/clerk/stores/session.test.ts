import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSessionStore } from './session';

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const staff = { id: 's-lina', name: '李娜', role: 'clerk', username: 'lina' };

describe('clerk session', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the token of a sign-in for this tab', async () => {
    const storage = new MemoryStorage();
    const s = useSessionStore();
    s.restore(storage, async () => json(200, { ok: true, token: 't'.repeat(32), staff, expiresAt: Date.now() + 3600_000 }));
    expect(await s.login('lina', 'demo1234')).toBe(true);
    expect(s.staff?.name).toBe('李娜');
    setActivePinia(createPinia());
    const again = useSessionStore();
    again.restore(storage);
    expect(again.token).toBe('t'.repeat(32));
  });

  it('shows the server message for wrong credentials and keeps no token', async () => {
    const s = useSessionStore();
    s.restore(new MemoryStorage(), async () => json(401, { ok: false, error: { code: 'BAD_CREDENTIALS', message: '用户名或密码错误' } }));
    expect(await s.login('lina', 'nope')).toBe(false);
    expect(s.error).toBe('用户名或密码错误');
    expect(s.token).toBeNull();
  });

  it('says the server is unreachable when the request fails', async () => {
    const s = useSessionStore();
    s.restore(new MemoryStorage(), async () => {
      throw new TypeError('fetch failed');
    });
    expect(await s.login('lina', 'demo1234')).toBe(false);
    expect(s.error).toContain('网络连接中断');
  });

  it('forgets an expired session', () => {
    const storage = new MemoryStorage();
    storage.setItem('yichuang.staffSession', JSON.stringify({ token: 'x'.repeat(32), staff, expiresAt: Date.now() - 1 }));
    const s = useSessionStore();
    s.restore(storage);
    expect(s.token).toBeNull();
  });
});
