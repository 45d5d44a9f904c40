import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, resolveShellConfig } from './config';

const DEFAULT = '/home/kiosk/.config/yichuang/config.json';

function files(entries: Record<string, string> = {}) {
  return { readFile: (path: string) => entries[path] ?? null };
}

describe('parseCliArgs', () => {
  it('reads our options and ignores Electron and Chromium switches around them', () => {
    const cli = parseCliArgs(['.', '--no-sandbox', '--remote-debugging-port=0', '--role', 'window', '--server=http://10.0.0.5:8080', '--window', '3', '--device-token', 'tok-123456']);
    expect(cli.values).toEqual({ role: 'window', server: 'http://10.0.0.5:8080', window: '3', deviceToken: 'tok-123456' });
    expect(cli.config).toBeUndefined();
  });

  it('turns --autostart and --no-autostart into a boolean', () => {
    expect(parseCliArgs(['--autostart']).values.autostart).toBe(true);
    expect(parseCliArgs(['--no-autostart']).values.autostart).toBe(false);
    expect(parseCliArgs([]).values.autostart).toBeUndefined();
  });
});

describe('resolveShellConfig', () => {
  it('accepts a kiosk from the command line alone and keeps only the server origin', () => {
    const r = resolveShellConfig(['--role', 'kiosk', '--server', 'http://10.0.0.5:8080/'], DEFAULT, files());
    expect(r).toEqual({ ok: true, config: { role: 'kiosk', server: 'http://10.0.0.5:8080' }, source: { file: null, cliKeys: ['role', 'server'] } });
  });

  it('reads the default config file when no --config is given', () => {
    const r = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: JSON.stringify({ role: 'eval', server: 'https://hall.example:8443', deviceToken: 'eval-token-1' }) }));
    expect(r.ok && r.config).toEqual({ role: 'eval', server: 'https://hall.example:8443', deviceToken: 'eval-token-1' });
    expect(r.ok && r.source.file).toBe(DEFAULT);
  });

  it('lets the command line override the file key by key', () => {
    const file = JSON.stringify({ role: 'display', server: 'http://10.0.0.5:8080', deviceToken: 'display-token-1', autostart: true });
    const r = resolveShellConfig(['--server', 'http://10.0.0.9:9000'], DEFAULT, files({ [DEFAULT]: file }));
    expect(r.ok && r.config).toEqual({ role: 'display', server: 'http://10.0.0.9:9000', deviceToken: 'display-token-1', autostart: true });
  });

  it('reads the file named by --config instead of the default', () => {
    const other = '/etc/yichuang/window-3.json';
    const r = resolveShellConfig(['--config', other], DEFAULT, files({ [other]: JSON.stringify({ role: 'window', window: 3, server: 'http://10.0.0.5:8080' }) }));
    expect(r.ok && r.config).toMatchObject({ role: 'window', window: 3 });
  });

  it('refuses a missing --config file, naming it', () => {
    const r = resolveShellConfig(['--config', '/nope.json', '--role', 'kiosk', '--server', 'http://h:1'], DEFAULT, files());
    expect(r).toEqual({ ok: false, error: { code: 'CONFIG_FILE_UNREADABLE', message: 'config file /nope.json does not exist' } });
  });

  it('refuses a config file that is not JSON', () => {
    const r = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: '{ role: kiosk' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_CONFIG');
    expect(!r.ok && r.error.message).toContain('not valid JSON');
  });

  it('refuses an unreadable config file', () => {
    const r = resolveShellConfig([], DEFAULT, {
      readFile: () => {
        throw new Error('EACCES');
      },
    });
    expect(!r.ok && r.error.code).toBe('CONFIG_FILE_UNREADABLE');
  });

  it.each([
    [['--server', 'http://h:1'], 'role'],
    [['--role', 'lobby', '--server', 'http://h:1'], 'role'],
    [['--role', 'kiosk'], 'server'],
    [['--role', 'kiosk', '--server', 'ftp://h'], 'server'],
    [['--role', 'kiosk', '--server', 'http://h:1/kiosk'], 'server'],
    [['--role', 'kiosk', '--server', 'http://user:pw@h:1'], 'server'],
    [['--role', 'kiosk', '--server', 'not a url'], 'server'],
    [['--role', 'window', '--server', 'http://h:1'], 'window'],
    [['--role', 'window', '--server', 'http://h:1', '--window', '0'], 'window'],
    [['--role', 'window', '--server', 'http://h:1', '--window', 'abc'], 'window'],
    [['--role', 'display', '--server', 'http://h:1', '--window', '2'], 'window'],
    [['--role', 'kiosk', '--server', 'http://h:1', '--device-token', 'short'], 'deviceToken'],
  ])('refuses %j, naming %s', (argv, key) => {
    const r = resolveShellConfig(argv, DEFAULT, files());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_CONFIG');
    expect(!r.ok && r.error.message).toContain(`${key}:`);
  });

  it('refuses unknown keys in the file (a typo must not pass silently)', () => {
    const r = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: JSON.stringify({ role: 'kiosk', server: 'http://h:1', devicetoken: 'x' }) }));
    expect(!r.ok && r.error.message).toContain('devicetoken');
  });

  it('accepts a kiosk printer in the printer module shape and refuses one on another role', () => {
    const printer = { uri: 'tcp://192.168.1.50:9100', type: 'epson', paperWidthMm: 80, timeoutMs: 5000 };
    const kiosk = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: JSON.stringify({ role: 'kiosk', server: 'http://h:1', printer }) }));
    expect(kiosk.ok && kiosk.config.printer).toEqual(printer);
    const display = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: JSON.stringify({ role: 'display', server: 'http://h:1', printer }) }));
    expect(!display.ok && display.error.message).toContain('printer:');
    const bad = resolveShellConfig([], DEFAULT, files({ [DEFAULT]: JSON.stringify({ role: 'kiosk', server: 'http://h:1', printer: { ...printer, uri: 'lpt1' } }) }));
    expect(!bad.ok && bad.error.message).toContain('printer.uri');
  });

  it('accepts the example kiosk configuration shipped in main/os', () => {
    const example = join(import.meta.dirname, 'os/kiosk.example.json');
    const r = resolveShellConfig(['--config', example], DEFAULT, { readFile: (p) => readFileSync(p, 'utf8') });
    expect(r.ok && r.config.role).toBe('kiosk');
  });
});
