import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { useStaffSession } from '../../shared/auth/staff-session';
import { createAdminApi, type AdminApi } from '../api/admin-api';

/** The manager's sign-in: a staff session of role admin, kept in this tab only, and its admin API. */
export const useSessionStore = defineStore('adminSession', () => {
  const api = shallowRef<AdminApi | null>(null);
  const session = useStaffSession({
    key: 'yichuang.adminSession',
    role: 'admin',
    wrongRole: '该账号不是管理员，请使用窗口工作台',
    storage: () => sessionStorage,
    onOpen: (token) => {
      api.value = createAdminApi(token, () => session.expire());
    },
    onClose: () => {
      api.value = null;
    },
  });
  return { ...session, api };
});

/** The API of the signed-in session; stores call it only while signed in. */
export function useApi(): AdminApi {
  const api = useSessionStore().api;
  if (!api) throw new Error('not signed in');
  return api;
}
