import { parseArgs } from 'node:util';
import { z } from 'zod';
import { printerConfigSchema } from '../protocol/print';
import { FINGERPRINT_PATTERN, normalizeFingerprint } from './certificate-pin';

/**
 * The shell's configuration: which terminal this process is, which hall server it belongs to, and the
 * machine-level settings an installer writes once. It comes from a JSON file in the user's config
 * directory and from the command line; the command line wins key by key.
 */

/** The terminal roles the shell can run. `window` is a window screen (窗口屏) above one window. */
export const shellRoleSchema = z.enum(['kiosk', 'clerk', 'display', 'window', 'eval']);
export type ShellRole = z.infer<typeof shellRoleSchema>;

/** The hall server's base address: http(s), host and port only, so its origin is unambiguous. */
const serverSchema = z
  .string()
  .trim()
  .refine((s) => URL.canParse(s), 'server must be an absolute URL such as http://10.0.0.5:8080')
  .transform((s) => new URL(s))
  .refine((u) => u.protocol === 'http:' || u.protocol === 'https:', 'server must use http or https')
  .refine((u) => !u.username && !u.password, 'server must not carry credentials')
  .refine((u) => (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash, 'server is an origin only, without a path')
  .transform((u) => u.origin);

/** The validated configuration one shell process runs with. */
export const shellConfigSchema = z
  .object({
    role: shellRoleSchema,
    server: serverSchema,
    /** The window number a window screen shows; required for `window`, refused for the others. */
    window: z.coerce.number().int().min(1).max(999).optional(),
    /** The device token issued in the admin console; kept in the main process, never in the page. */
    deviceToken: z.string().trim().min(8).max(512).optional(),
    /** Start this terminal when the user logs in (XDG autostart on Linux, a login item on Windows). */
    autostart: z.boolean().optional(),
    /** Which monitor to fill, counted from 0 in the order the OS lists them (a clerk PC's second screen). */
    screen: z.coerce.number().int().min(0).max(15).optional(),
    /** The printer attached to this kiosk (only the kiosk prints); the shape is printers/' PrinterConfig. */
    printer: printerConfigSchema.optional(),
    /**
     * The SHA-256 fingerprint of the hall server's certificate (printed by `npm start -- --tls-self-signed`):
     * the only certificate this terminal accepts from the server. Needs an https server.
     */
    certFingerprint: z
      .string()
      .trim()
      .regex(FINGERPRINT_PATTERN, 'certFingerprint must be a SHA-256 fingerprint (64 hex digits, colons optional)')
      .transform(normalizeFingerprint)
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.role === 'window' && c.window === undefined) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'a window screen needs --window N' });
    }
    if (c.role !== 'window' && c.window !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'only the window role takes a window number' });
    }
    if (c.certFingerprint !== undefined && !c.server.startsWith('https:')) {
      ctx.addIssue({ code: 'custom', path: ['certFingerprint'], message: 'a certificate fingerprint needs an https:// server' });
    }
    if (c.role !== 'kiosk' && c.printer !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['printer'], message: 'only the kiosk has a local printer' });
    }
  });
export type ShellConfig = z.infer<typeof shellConfigSchema>;

/** The one refusal shape (see protocol/errors.ts); configuration errors never start a terminal. */
export interface ConfigError {
  code: 'BAD_CONFIG' | 'CONFIG_FILE_UNREADABLE';
  message: string;
}

export type ConfigResult = { ok: true; config: ShellConfig; source: ConfigSource } | { ok: false; error: ConfigError };

/** Where the configuration came from, for the log and for the autostart entry. */
export interface ConfigSource {
  /** The config file that was read, if any. */
  file: string | null;
  /** The keys the command line set (they override the file). */
  cliKeys: string[];
}

/** What the command line said, before validation. `config` names a config file instead of the default. */
export interface CliOptions {
  config?: string;
  values: Record<string, unknown>;
}

/**
 * Reads our options out of argv. Unknown flags are ignored on purpose: Electron and Chromium put their
 * own switches in the same argv (`--no-sandbox`, Playwright's `--remote-debugging-port=0`, ...).
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      server: { type: 'string' },
      window: { type: 'string' },
      'device-token': { type: 'string' },
      'cert-fingerprint': { type: 'string' },
      config: { type: 'string' },
      screen: { type: 'string' },
      autostart: { type: 'boolean' },
      'no-autostart': { type: 'boolean' },
    },
  });
  const out: Record<string, unknown> = {};
  const take = (flag: string, key: string) => {
    const v = values[flag];
    if (v !== undefined) out[key] = v;
  };
  take('role', 'role');
  take('server', 'server');
  take('window', 'window');
  take('device-token', 'deviceToken');
  take('cert-fingerprint', 'certFingerprint');
  take('screen', 'screen');
  if (values.autostart === true) out.autostart = true;
  if (values['no-autostart'] === true) out.autostart = false;
  const config = typeof values.config === 'string' ? values.config : undefined;
  return config === undefined ? { values: out } : { config, values: out };
}

/** The file system calls configuration loading needs (injected so tests need no disk). */
export interface ConfigFs {
  readFile(path: string): string | null;
}

/**
 * Resolves the configuration: the file (`--config PATH`, else `defaultFile`) first, then the command
 * line on top, then one validation of the result. A missing default file is fine; a missing explicit
 * file, bad JSON or an invalid result is an error that names what is wrong.
 */
export function resolveShellConfig(argv: readonly string[], defaultFile: string, fs: ConfigFs): ConfigResult {
  const cli = parseCliArgs(argv);
  const file = cli.config ?? defaultFile;
  let fileValues: Record<string, unknown> = {};
  let text: string | null;
  try {
    text = fs.readFile(file);
  } catch (err) {
    return fail('CONFIG_FILE_UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
  if (text === null && cli.config !== undefined) {
    return fail('CONFIG_FILE_UNREADABLE', `config file ${file} does not exist`);
  }
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return fail('BAD_CONFIG', `${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return fail('BAD_CONFIG', `${file} must hold a JSON object`);
    }
    fileValues = parsed as Record<string, unknown>;
  }
  const merged = { ...fileValues, ...cli.values };
  const result = shellConfigSchema.safeParse(merged);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
    return fail('BAD_CONFIG', `${text === null ? 'command line' : `${file} + command line`}: ${detail}`);
  }
  return { ok: true, config: result.data, source: { file: text === null ? null : file, cliKeys: Object.keys(cli.values) } };
}

function fail(code: ConfigError['code'], message: string): ConfigResult {
  return { ok: false, error: { code, message } };
}
