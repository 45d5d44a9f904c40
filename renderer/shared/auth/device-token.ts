import type { YichuangBridge } from '../../../protocol/bridge';

/**
 * Where a device terminal (kiosk, display, evaluation pad) finds its token:
 * 1. inside the Electron shell, from the preload bridge (kept in memory only, as the bridge asks);
 * 2. in a browser, from `?token=` once: it is kept in this tab (sessionStorage, so a hall display and a
 *    window screen in two tabs of one browser stay apart) and on the machine (localStorage, so a
 *    dedicated screen comes back after a reboot), then removed from the address bar.
 */
export interface TokenEnv {
  bridge?: Pick<YichuangBridge, 'getDeviceToken'>;
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  session: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  local: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

const key = (page: string) => `yichuang.deviceToken.${page}`;

export function browserTokenEnv(): TokenEnv {
  return { bridge: window.yichuang, location: window.location, history: window.history, session: sessionStorage, local: localStorage };
}

/** The device token of this page, or null when there is none (the page says how to get one). */
export async function deviceToken(page: string, env: TokenEnv = browserTokenEnv()): Promise<string | null> {
  if (env.bridge) {
    try {
      const t = await env.bridge.getDeviceToken();
      if (t) return t;
    } catch {
      // A shell without a token for this page: fall through to the address.
    }
  }
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    env.session.setItem(key(page), fromUrl);
    env.local.setItem(key(page), fromUrl);
    url.searchParams.delete('token');
    env.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return env.session.getItem(key(page)) ?? env.local.getItem(key(page));
}

/** Forgets a token the server refused, so the next visit asks for a valid address. */
export function forgetDeviceToken(page: string, env: Pick<TokenEnv, 'session' | 'local'> = browserTokenEnv()): void {
  env.session.removeItem(key(page));
  env.local.removeItem(key(page));
}
