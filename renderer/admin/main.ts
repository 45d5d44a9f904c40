import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import '../shared/fonts';
import '../shared/styles/base.css';
import './admin.css';
import { createHallClient, type HallClient } from '../shared/socket/hall-client';
import { useConnectionStore } from '../shared/stores/connection';
import AdminApp from './AdminApp.vue';
import { useAdminStore } from './stores/admin';
import { useSessionStore } from './stores/session';

// The manager signs in with a password; the socket (same token) tells the live view when the hall
// changes, and the data itself comes over REST.
const pinia = createPinia();
const app = createApp(AdminApp);
app.use(pinia);
const session = useSessionStore(pinia);
const conn = useConnectionStore(pinia);
const admin = useAdminStore(pinia);
session.restore();

let client: HallClient | null = null;
let refresh: ReturnType<typeof setTimeout> | null = null;
watch(
  () => session.token,
  (token) => {
    client?.close();
    client = null;
    if (!token) return;
    client = createHallClient({ token });
    conn.bind(client);
    // A burst of hall events costs one reload of the live view.
    client.on('event', () => {
      if (refresh) return;
      refresh = setTimeout(() => {
        refresh = null;
        void admin.loadLive();
      }, 300);
    });
    client.on('state', (s) => {
      if (s === 'unauthenticated') session.expire();
    });
    client.connect();
  },
  { immediate: true },
);
app.mount('#app');
