import { defineStore } from 'pinia';
import { useStaffSession } from '../../shared/auth/staff-session';

/**
 * The clerk's sign-in: username and password for a token, kept in this tab. The socket connects with
 * the token; when the server no longer accepts it, the clerk signs in again.
 */
export const useSessionStore = defineStore('session', () => useStaffSession({ key: 'yichuang.staffSession' }));
