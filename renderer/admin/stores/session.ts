import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { login as restLogin, logout as restLogout, type StaffLogin } from '../../shared/api/rest';
import { errorText } from '../../shared/i18n';
import { createAdminApi, type AdminApi } from '../api/admin-api';

const KEY = 'yichuang.adminSession';

/** The manager's sign-in: a staff session of role admin, kept in this tab only. */
export const useSessionStore = defineStore('adminSession', () => {
  const token = ref<string | null>(null);
  const staff = ref<StaffLogin['staff'] | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  const api = shallowRef<AdminApi | null>(null);

  function open(t: string, s: StaffLogin['staff']): void {
    token.value = t;
    staff.value = s;
    api.value = createAdminApi(t, () => expire());
  }

  function restore(): void {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { token: string; staff: StaffLogin['staff']; expiresAt: number } | null;
      if (saved && saved.expiresAt > Date.now() && saved.staff.role === 'admin') open(saved.token, saved.staff);
    } catch {
      sessionStorage.removeItem(KEY);
    }
  }

  async function login(username: string, password: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    const r = await restLogin(username.trim(), password);
    busy.value = false;
    if (!r.ok) {
      error.value = errorText(r.error);
      return false;
    }
    if (r.staff.role !== 'admin') {
      error.value = '该账号不是管理员，请使用窗口工作台';
      await restLogout(r.token);
      return false;
    }
    open(r.token, r.staff);
    sessionStorage.setItem(KEY, JSON.stringify({ token: r.token, staff: r.staff, expiresAt: r.expiresAt }));
    return true;
  }

  function expire(message = '登录已过期，请重新登录'): void {
    token.value = null;
    staff.value = null;
    api.value = null;
    error.value = message;
    sessionStorage.removeItem(KEY);
  }

  async function logout(): Promise<void> {
    const t = token.value;
    expire('');
    error.value = null;
    if (t) await restLogout(t);
  }

  return { token, staff, error, busy, api, restore, login, expire, logout };
});

/** The API of the signed-in session; stores call it only while signed in. */
export function useApi(): AdminApi {
  const api = useSessionStore().api;
  if (!api) throw new Error('not signed in');
  return api;
}
