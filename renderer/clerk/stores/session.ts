import { defineStore } from 'pinia';
import { ref } from 'vue';
import { login as restLogin, logout as restLogout, type StaffLogin } from '../../shared/api/rest';
import { errorText } from '../../shared/i18n';

const KEY = 'yichuang.staffSession';

/** Keeps the session for this tab only (sessionStorage): a shared desk PC forgets it when closed. */
export interface SessionStorageLike {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

/**
 * The clerk's sign-in: username and password for a token, kept in this tab. The socket connects with
 * the token; when the server no longer accepts it, the clerk signs in again.
 */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null);
  const staff = ref<StaffLogin['staff'] | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  let storage: SessionStorageLike | null = null;
  let fetchFn: typeof fetch | undefined;

  /** Reads a session this tab already has. */
  function restore(s: SessionStorageLike, f?: typeof fetch): void {
    storage = s;
    fetchFn = f;
    try {
      const saved = JSON.parse(s.getItem(KEY) ?? 'null') as { token: string; staff: StaffLogin['staff']; expiresAt: number } | null;
      if (saved && saved.expiresAt > Date.now()) {
        token.value = saved.token;
        staff.value = saved.staff;
      }
    } catch {
      s.removeItem(KEY);
    }
  }

  async function login(username: string, password: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    const r = await restLogin(username.trim(), password, fetchFn);
    busy.value = false;
    if (!r.ok) {
      error.value = errorText(r.error);
      return false;
    }
    token.value = r.token;
    staff.value = r.staff;
    storage?.setItem(KEY, JSON.stringify({ token: r.token, staff: r.staff, expiresAt: r.expiresAt }));
    return true;
  }

  /** The server refused the token (expired, revoked): back to the sign-in form. */
  function expire(message = '登录已过期，请重新登录'): void {
    token.value = null;
    staff.value = null;
    error.value = message;
    storage?.removeItem(KEY);
  }

  async function logout(): Promise<void> {
    const t = token.value;
    token.value = null;
    staff.value = null;
    error.value = null;
    storage?.removeItem(KEY);
    if (t) await restLogout(t, fetchFn);
  }

  return { token, staff, error, busy, restore, login, expire, logout };
});
