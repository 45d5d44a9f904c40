import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedTable, errorCodeTable, PROTOCOL_DOC } from '../scripts/error-docs';
import { COMMAND_ROLES, commandSchemas, ROLES } from './commands';
import { isDistrictCode } from './district-errors';
import { badRequestOf, ERROR_CODES, isErrorCode, refusal, refused } from './errors';

/**
 * The error catalogue is a contract with every terminal (codes are i18n keys there): removing or renaming
 * a code must be a deliberate change to this list.
 */
const PINNED = [
  'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL',
  'REQUEST_ID_REUSED', 'UNAVAILABLE',
  'DAY_NOT_OPEN', 'DAY_ALREADY_OPEN', 'HALL_CLOSED', 'ISSUING_STOPPED', 'SERVICE_NOT_TODAY',
  'INVALID_BUSINESS_DATE', 'BUSINESS_DATE_OUT_OF_RANGE', 'BUSINESS_DATE_EARLIER',
  'UNKNOWN_SERVICE', 'UNKNOWN_BUNDLE', 'MIXED_GROUPS', 'QUOTA_EXHAUSTED',
  'INVALID_ID_NUMBER', 'INVALID_PHONE', 'UNKNOWN_APPOINTMENT', 'APPOINTMENT_USED', 'APPOINTMENT_NOT_TODAY',
  'UNKNOWN_TICKET', 'TICKET_NOT_WAITING', 'TICKET_NOT_CALLED', 'TICKET_NOT_SERVING', 'TICKET_NOT_AT_WINDOW',
  'TICKET_NOT_NO_SHOW', 'RETURN_LIMIT', 'RECALL_COOLDOWN', 'NO_SHOW_TOO_EARLY', 'CANNOT_SERVE', 'TRANSFER_TARGET_UNSTAFFED', 'REASSIGN_TARGET_UNSTAFFED', 'WINDOW_IN_USE_ELSEWHERE', 'REASON_REQUIRED',
  'CANCEL_TOO_LATE',
  'SERVICES_REQUIRED',
  'UNKNOWN_WINDOW', 'WINDOW_NOT_SIGNED_IN', 'WINDOW_TAKEN', 'ALREADY_SIGNED_IN', 'WINDOW_BUSY', 'WINDOW_PAUSED',
  'WINDOW_NOT_PAUSED', 'NOT_ON_ROSTER',
  'UNKNOWN_CASE', 'ALREADY_EVALUATED', 'NOTHING_TO_EVALUATE',
  'PRINTER_NOT_CONFIGURED', 'TICKET_NOT_PRINTABLE', 'ALREADY_PRINTED', 'NOT_PRINTED_YET', 'REPRINT_LIMIT', 'PRINT_IN_PROGRESS',
  'PRINTER_OFFLINE', 'PRINTER_NO_PAPER', 'PRINTER_TIMEOUT', 'PRINTER_COVER_OPEN', 'PRINTER_BUSY', 'PRINTER_ERROR',
  'PRINTER_BAD_CONFIG', 'PRINT_BAD_DATA',
  'CONFLICT', 'IN_USE', 'IMPORT_INVALID', 'LAST_ADMIN', 'NOT_AVAILABLE', 'INVALID_STATE',
  'BAD_CREDENTIALS', 'RATE_LIMITED',
  'OFFLINE', 'TIMEOUT',
];

describe('error catalogue', () => {
  it('holds exactly the pinned codes, each UPPER_SNAKE with a Chinese message', () => {
    expect(Object.keys(ERROR_CODES)).toEqual(PINNED);
    for (const [code, message] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('builds a refusal with the catalogue message unless given a precise one', () => {
    expect(refusal('WINDOW_BUSY')).toEqual({ code: 'WINDOW_BUSY', message: '窗口有正在办理的号票' });
    expect(refused('FORBIDDEN', '显示屏只能接收')).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '显示屏只能接收' } });
    expect(badRequestOf({ issues: [{ path: ['serviceIds', 0], message: '太短' }] })).toEqual({ code: 'BAD_REQUEST', message: 'serviceIds.0: 太短' });
    expect(badRequestOf({ issues: [] })).toEqual({ code: 'BAD_REQUEST', message: '请求格式不正确' });
    expect(isErrorCode('WINDOW_BUSY')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('is documented once, in docs/protocol.md, exactly as catalogued (npx tsx scripts/error-docs.ts rewrites it)', () => {
    const page = readFileSync(PROTOCOL_DOC, 'utf8');
    expect(documentedTable(page)).toBe(errorCodeTable());
  });

  it('gives every command a schema and at least one role', () => {
    for (const name of Object.keys(commandSchemas)) {
      const roles = COMMAND_ROLES[name as keyof typeof COMMAND_ROLES];
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) expect(ROLES).toContain(r);
    }
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual(Object.keys(commandSchemas).sort());
  });
});

// ---------------------------------------------------------------------------------------------------
// The source scan: every code the code base answers with is in its wire's catalogue.

const ROOT = path.resolve(import.meta.dirname, '..');
const SCANNED = ['protocol', 'server', 'renderer', 'printers', 'main', 'cloud'];

/** Where the district wire's catalogue applies (the receiver, the hall's sender); the hall's everywhere else. */
const DISTRICT_SIDE = [/^cloud\//, /^server\/sync\//, /^protocol\/district/];

/**
 * Code vocabularies that are not refusals on a wire, each with its reason. Kept short on purpose: a
 * new entry is a decision, not a way around the test.
 */
const NOT_REFUSALS: Record<string, RegExp> = {
  // Why a ticket was called (CallReason.code): shown to the clerk beside the call, not an error.
  'protocol/answers.ts': /^(ONLY_ONE|PRIORITY|LONGEST_WAIT|INTERLEAVE|TARGETED|OUT_OF_TURN)$/,
  // The shell's own start-up failure on its config file: written to the shell's log for the installer, never to a page.
  'main/config.ts': /^(BAD_CONFIG|CONFIG_FILE_UNREADABLE)$/,
};

/** Node's and fastify's exception codes (`ENOENT`, `ERR_…`, `FST_…`), which the code compares against, never answers with. */
const PLATFORM_CODE = /^(ENOENT|EACCES|EEXIST|EPERM|EBUSY|EISDIR|ENOTDIR|ECONN[A-Z]+|ETIMEDOUT|EPIPE|EADDRINUSE|EAI_AGAIN|ERR_[A-Z0-9_]+|FST_[A-Z0-9_]+)$/;

/** A code in a refusal: `code: 'X'`, a refusal builder's first argument, or a comparison with `.code`. */
const PATTERNS = [
  /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
  /\b(?:refusal|refused|printFailure|AdminError|CloudError|syncFailure|districtRefusal|recordRejectionMessage|fail|reject|refuse)\(\s*'([A-Z][A-Z0-9_]+)'/g,
  /\.code\s*[!=]==\s*'([A-Z][A-Z0-9_]+)'/g,
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test-support' && entry.name !== 'testing') out.push(...sourceFiles(rel));
    } else if (/\.(ts|vue)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Every (file, code) the source uses in a refusal that its wire's catalogue does not hold. */
export function unlistedCodes(files: { file: string; text: string }[]): string[] {
  const unlisted: string[] = [];
  for (const { file, text } of files) {
    const district = DISTRICT_SIDE.some((re) => re.test(file));
    for (const pattern of PATTERNS) {
      for (const m of text.matchAll(pattern)) {
        const code = m[1]!;
        if (NOT_REFUSALS[file]?.test(code) || PLATFORM_CODE.test(code)) continue;
        // The sender reads the receiver's codes and the hall's; the receiver knows only its own.
        const listed = district ? isDistrictCode(code) || (file.startsWith('server/') && isErrorCode(code)) : isErrorCode(code);
        if (!listed) unlisted.push(`${file}: ${code}`);
      }
    }
  }
  return unlisted;
}

describe('codes used in the source', () => {
  const files = SCANNED.flatMap(sourceFiles).map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

  it('scans the code base (the scan is not empty)', () => {
    expect(files.length).toBeGreaterThan(100);
    const found = files.filter((f) => PATTERNS.some((p) => new RegExp(p.source).test(f.text)));
    expect(found.length).toBeGreaterThan(20);
  });

  it('are all in the catalogue of their wire', () => {
    expect(unlistedCodes(files)).toEqual([]);
  });

  it('would catch a refusal with an unlisted code, on either wire', () => {
    expect(unlistedCodes([{ file: 'server/realtime/x.ts', text: "reply({ ok: false, error: { code: 'NO_SUCH_CODE', message: '…' } })" }])).toEqual([
      'server/realtime/x.ts: NO_SUCH_CODE',
    ]);
    expect(unlistedCodes([{ file: 'cloud/x.ts', text: "throw new CloudError('WINDOW_BUSY')" }])).toEqual(['cloud/x.ts: WINDOW_BUSY']);
    expect(unlistedCodes([{ file: 'renderer/x.ts', text: "if (ack.error.code === 'BAD_SIGNATURE') {}" }])).toEqual(['renderer/x.ts: BAD_SIGNATURE']);
  });

  it('writes no catalogue message anywhere but in a catalogue', () => {
    const catalogues = new Set(['protocol/errors.ts', 'protocol/district-errors.ts']);
    const messages = Object.values(ERROR_CODES).filter((m) => m.length >= 6);
    const copies = files.filter((f) => !catalogues.has(f.file)).flatMap((f) => messages.filter((m) => f.text.includes(`'${m}'`)).map((m) => `${f.file}: ${m}`));
    expect(copies).toEqual([]);
  });
});
