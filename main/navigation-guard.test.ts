import { describe, expect, it } from 'vitest';
import { allowNavigation, allowPermission, attachNavigationGuard } from './navigation-guard';
import { FakeWebContents, navigation } from './testing/fakes';

const origin = 'http://10.0.0.5:8080';

describe('allowNavigation', () => {
  it.each([
    ['http://10.0.0.5:8080/kiosk', true],
    ['http://10.0.0.5:8080/display?window=3#top', true],
    ['http://10.0.0.5:8080', true],
    ['http://10.0.0.5:8081/kiosk', false],
    ['https://10.0.0.5:8080/kiosk', false],
    ['http://10.0.0.50:8080/kiosk', false],
    ['http://10.0.0.5.evil.example:8080/', false],
    ['http://evil.example/?next=http://10.0.0.5:8080/', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<h1>x</h1>', false],
    ['javascript:alert(1)', false],
    ['about:blank', false],
    ['chrome://gpu', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(allowNavigation(url, origin)).toBe(allowed);
  });
});

describe('attachNavigationGuard', () => {
  it('refuses navigation, frame navigation and redirects off the hall server origin', () => {
    const wc = new FakeWebContents();
    const log: string[] = [];
    attachNavigationGuard(wc, origin, (event, url) => log.push(`${event} ${url}`));
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
      const away = navigation('https://www.example.com/phish?id=330102199001011234');
      const home = navigation('http://10.0.0.5:8080/kiosk');
      wc.fire(event, away);
      wc.fire(event, home);
      expect([event, away.prevented, home.prevented]).toEqual([event, true, false]);
    }
    expect(log).toContain('navigation-blocked https://www.example.com/phish');
    expect(log.join('\n')).not.toContain('330102');
  });

  it('denies every new window, even on the own origin, and opens nothing', () => {
    const wc = new FakeWebContents();
    attachNavigationGuard(wc, origin);
    expect(wc.windowOpenHandler?.({ url: 'https://www.example.com/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'http://10.0.0.5:8080/admin' })).toEqual({ action: 'deny' });
  });

  it('lets the shell leave a page whose beforeunload handler objects', () => {
    const wc = new FakeWebContents();
    attachNavigationGuard(wc, origin);
    let left = false;
    wc.fire('will-prevent-unload', { preventDefault: () => (left = true) });
    expect(left).toBe(true);
  });

  it('refuses to attach a webview', () => {
    const wc = new FakeWebContents();
    attachNavigationGuard(wc, origin);
    const attach = navigation('http://10.0.0.5:8080/kiosk');
    wc.fire('will-attach-webview', attach);
    expect(attach.prevented).toBe(true);
  });
});

describe('allowPermission', () => {
  it('grants only full screen and clipboard writes, and only to the hall server', () => {
    expect(allowPermission('fullscreen', 'http://10.0.0.5:8080/display', origin)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'http://10.0.0.5:8080/clerk', origin)).toBe(true);
    expect(allowPermission('fullscreen', 'https://evil.example/', origin)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'openExternal', 'clipboard-read']) {
      expect([p, allowPermission(p, 'http://10.0.0.5:8080/kiosk', origin)]).toEqual([p, false]);
    }
  });
});
