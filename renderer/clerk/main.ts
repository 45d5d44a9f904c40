import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import '../shared/fonts';
import '../shared/styles/base.css';
import { createHallClient, type HallClient } from '../shared/socket/hall-client';
import { useConnectionStore } from '../shared/stores/connection';
import ClerkApp from './ClerkApp.vue';
import { useDeskStore } from './stores/desk';
import { useSessionStore } from './stores/session';

// The clerk terminal signs in with a password; the socket connects with the session's token, and a
// new client is made for each sign-in (one per token, closed on sign-out).
const pinia = createPinia();
const app = createApp(ClerkApp);
app.use(pinia);
const session = useSessionStore(pinia);
const conn = useConnectionStore(pinia);
const desk = useDeskStore(pinia);
session.restore(sessionStorage);

let client: HallClient | null = null;
watch(
  () => session.token,
  (token) => {
    client?.close();
    client = null;
    if (!token) {
      desk.clear();
      return;
    }
    client = createHallClient({ token });
    conn.bind(client);
    desk.bind(client);
    client.on('state', (s) => {
      if (s === 'unauthenticated') session.expire();
    });
    client.connect();
  },
  { immediate: true },
);
app.mount('#app');
