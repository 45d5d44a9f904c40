import { X509Certificate } from 'node:crypto';

/**
 * Certificate pinning for a hall that serves HTTPS with its own (self-signed) certificate: the shell's
 * config names the SHA-256 fingerprint the hall server printed on start, and for the hall server's host
 * only a certificate with that fingerprint is accepted, whatever Chromium thinks of its issuer. Every
 * other host, and a hall server without a pin, keeps Chromium's own verification. There is no way to
 * "ignore certificate errors": a wrong certificate is refused.
 */

/** What Chromium asks about one certificate (Electron's setCertificateVerifyProc request). */
export interface CertificateCheck {
  hostname: string;
  /** The leaf certificate, PEM. */
  certificatePem: string;
}

/** accept: trust it (pinned); reject: refuse it; chromium: let Chromium's verification decide. */
export type CertificateVerdict = 'accept' | 'reject' | 'chromium';

/** A fingerprint as `openssl` and the hall server print it: 32 bytes in hex, colons optional, any case. */
export const FINGERPRINT_PATTERN = /^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/;

/** The canonical form `AB:CD:…` (what node:crypto's `fingerprint256` gives). */
export function normalizeFingerprint(fingerprint: string): string {
  return (fingerprint.replace(/:/g, '').toUpperCase().match(/../g) ?? []).join(':');
}

/** The verification for a shell pinned to `fingerprint` on `server` (its origin); null = no pin. */
export function certificatePolicy(server: string, fingerprint: string | null): (check: CertificateCheck) => CertificateVerdict {
  const host = new URL(server).hostname.replace(/^\[|\]$/g, '');
  const pinned = fingerprint ? normalizeFingerprint(fingerprint) : null;
  return (check) => {
    if (!pinned || check.hostname.replace(/^\[|\]$/g, '') !== host) return 'chromium';
    try {
      return new X509Certificate(check.certificatePem).fingerprint256 === pinned ? 'accept' : 'reject';
    } catch {
      return 'reject';
    }
  };
}
