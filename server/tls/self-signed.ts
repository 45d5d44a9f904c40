import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';

/**
 * A self-signed certificate for the hall server, made with node:crypto alone: an ECDSA P-256 key and an
 * X.509 v3 certificate written out in DER by the few lines below. Node 20 can parse and verify
 * certificates but not make them; the npm libraries that do pull in a reflection polyfill or a second
 * crypto stack, for the one certificate a hall makes once. Terminals trust it by its SHA-256 fingerprint
 * (the shell's `certFingerprint`) or by the certificate itself (`ca`), never by "ignore errors".
 */

export interface SelfSigned {
  /** PEM of the certificate and of its PKCS#8 private key. */
  cert: string;
  key: string;
}

/** The certificate for `names` (DNS names and IP addresses), valid from an hour ago for `days`. */
export function makeSelfSigned(names: readonly string[], opts: { now?: number; days?: number; commonName?: string } = {}): SelfSigned {
  const now = opts.now ?? Date.now();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(opts.commonName ?? 'Yichuang hall server'))), set(seq(oid('2.5.4.10'), utf8('Yichuang'))));
  // A machine name that is no valid DNS label (spaces, Chinese) is left out; its addresses still match.
  const altNames = [...new Set(names)]
    .filter((n) => isIP(n) || /^[A-Za-z0-9.-]{1,253}$/.test(n))
    .map((n) => (isIP(n) ? der(0x87, ipBytes(n)) : der(0x82, Buffer.from(n, 'ascii'))));
  const extensions = seq(
    // basicConstraints: not a CA, critical.
    seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, seq())),
    // keyUsage: digitalSignature, critical.
    seq(oid('2.5.29.15'), der(0x01, Buffer.from([0xff])), der(0x04, der(0x03, Buffer.from([0x07, 0x80])))),
    // extKeyUsage: serverAuth.
    seq(oid('2.5.29.37'), der(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))),
    seq(oid('2.5.29.17'), der(0x04, seq(...altNames))),
  );
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    ecdsaSha256,
    name,
    seq(time(new Date(now - 3600_000)), time(new Date(now + (opts.days ?? 1825) * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, extensions),
  );
  // node:crypto signs EC keys in DER (the X.509 form of an ECDSA signature) by default.
  const signature = sign('sha256', tbs, privateKey);
  const certDer = seq(tbs, ecdsaSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { cert: pem('CERTIFICATE', certDer), key: privateKeyPem(privateKey) };
}

/** The SHA-256 fingerprint as browsers and `openssl x509 -fingerprint -sha256` print it: `AB:CD:…`. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Whether a key (PEM) belongs to a certificate (PEM): a mismatched pair must not start a hall. */
export function keyMatchesCert(certPem: string, keyPem: string): boolean {
  return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function pem(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

// --- DER, just what a certificate needs ---

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const seq = (...content: Buffer[]) => der(0x30, ...content);
const set = (...content: Buffer[]) => der(0x31, ...content);
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));

/** A non-negative INTEGER from big-endian bytes: no redundant leading zeros, a zero before a high bit. */
function integer(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i += 1;
  const trimmed = bytes.subarray(i);
  return der(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const part of rest) {
    const group = [part % 128];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) group.unshift((v % 128) | 0x80);
    out.push(...group);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const digits = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${digits.slice(2)}Z`)) : der(0x18, Buffer.from(`${digits}Z`));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write the eight groups.
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(groups.map((g) => Buffer.from([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff])));
}

/**
 * The hall's self-signed certificate in `dir` (`tls-cert.pem`, `tls-key.pem` with mode 0600), made on
 * first use for `names`. Kept across restarts: the terminals pin its fingerprint.
 */
export function loadOrCreateSelfSigned(dir: string, names: readonly string[]): SelfSigned & { created: boolean; certFile: string; keyFile: string } {
  const certFile = path.join(dir, 'tls-cert.pem');
  const keyFile = path.join(dir, 'tls-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), created: false, certFile, keyFile };
  mkdirSync(dir, { recursive: true });
  const made = makeSelfSigned(names);
  // The key first and private from its first byte; the certificate is public.
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, made.cert, { mode: 0o644 });
  return { ...made, created: true, certFile, keyFile };
}

/** The names a hall is reached by: loopback, the machine's name, and every address of its network cards. */
export function hallNames(host: string): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && !a.internal)
    .map((a) => a.address.split('%')[0] ?? a.address);
  const specific = host !== '0.0.0.0' && host !== '::' ? [host] : [];
  return [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...specific, ...addresses])];
}
