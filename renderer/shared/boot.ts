import { createPinia, type Pinia } from 'pinia';
import { createApp, type Component } from 'vue';
import { deviceToken, forgetDeviceToken } from './auth/device-token';
import { createHallClient, type HallClient } from './socket/hall-client';
import { useConnectionStore } from './stores/connection';
import './fonts';
import './styles/base.css';

/**
 * Starts a device terminal page: Pinia, the device token, the socket client bound to the stores,
 * then the app. Without a usable token the page says it is not authorised.
 */
export async function bootDevicePage(opts: {
  page: string;
  root: Component;
  props?: Record<string, unknown>;
  /** Binds the page's own stores to the client, before it connects. */
  setup?: (client: HallClient, pinia: Pinia) => void;
}): Promise<void> {
  const pinia = createPinia();
  const app = createApp(opts.root, opts.props);
  app.use(pinia);
  const conn = useConnectionStore(pinia);
  const token = await deviceToken(opts.page);
  if (!token) {
    conn.status = 'unauthenticated';
    app.mount('#app');
    return;
  }
  const client = createHallClient({ token });
  conn.bind(client);
  client.on('state', (s) => {
    if (s === 'unauthenticated') forgetDeviceToken(opts.page);
  });
  opts.setup?.(client, pinia);
  app.mount('#app');
  client.connect();
}

/** A number from the address (`?idle=30`), within bounds, else the default. */
export function numberParam(name: string, fallback: number, min: number, max: number): number {
  const raw = new URLSearchParams(window.location.search).get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
