import { ref } from 'vue';
import { login as restLogin, logout as restLogout, type StaffLogin } from '../api/rest';
import { errorText } from '../i18n';

/** Where a session is kept: sessionStorage in a page (this tab only), a map in tests. */
export interface SessionStorageLike {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

export type StaffMember = StaffLogin['staff'];

export interface StaffSessionOptions {
  /** The storage key of this terminal's session. */
  key: string;
  /** Only this role may sign in here; another is signed out again with `wrongRole` as the message. */
  role?: StaffMember['role'];
  wrongRole?: string;
  /** Storage used when `restore` was not given one (the admin console: sessionStorage). */
  storage?: () => SessionStorageLike;
  /** Called with each session that opens (sign-in or restore), and when it closes (expiry or sign-out). */
  onOpen?: (token: string, staff: StaffMember) => void;
  onClose?: () => void;
}

interface Saved {
  token: string;
  staff: StaffMember;
  expiresAt: number;
}

/**
 * A staff sign-in (POST /api/login) kept for this tab only, so a shared desk PC forgets it when closed.
 * The clerk terminal and the admin console each wrap it in their own Pinia store; the socket or the
 * admin API then use the token, and when the server no longer accepts it the person signs in again.
 */
export function useStaffSession(opts: StaffSessionOptions) {
  const token = ref<string | null>(null);
  const staff = ref<StaffMember | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  let storage: SessionStorageLike | null = null;
  let fetchFn: typeof fetch | undefined;
  const store = (): SessionStorageLike | null => storage ?? opts.storage?.() ?? null;
  const allowed = (s: StaffMember) => !opts.role || s.role === opts.role;

  function open(t: string, s: StaffMember): void {
    token.value = t;
    staff.value = s;
    opts.onOpen?.(t, s);
  }

  function close(message: string | null): void {
    token.value = null;
    staff.value = null;
    error.value = message;
    store()?.removeItem(opts.key);
    opts.onClose?.();
  }

  /** Reads a session this tab already has; `s` and `f` replace the storage and fetch (tests). */
  function restore(s?: SessionStorageLike, f?: typeof fetch): void {
    if (s) storage = s;
    fetchFn = f;
    const from = store();
    if (!from) return;
    try {
      const saved = JSON.parse(from.getItem(opts.key) ?? 'null') as Saved | null;
      if (saved && saved.expiresAt > Date.now() && allowed(saved.staff)) open(saved.token, saved.staff);
    } catch {
      from.removeItem(opts.key);
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
    if (!allowed(r.staff)) {
      error.value = opts.wrongRole ?? errorText({ code: 'FORBIDDEN', message: '' });
      await restLogout(r.token, fetchFn);
      return false;
    }
    open(r.token, r.staff);
    store()?.setItem(opts.key, JSON.stringify({ token: r.token, staff: r.staff, expiresAt: r.expiresAt } satisfies Saved));
    return true;
  }

  /** The server refused the token (expired, revoked): back to the sign-in form, saying so. */
  function expire(message = '登录已过期，请重新登录'): void {
    close(message);
  }

  async function logout(): Promise<void> {
    const t = token.value;
    close(null);
    if (t) await restLogout(t, fetchFn);
  }

  return { token, staff, error, busy, restore, login, expire, logout };
}
