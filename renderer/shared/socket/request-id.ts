/** A fresh idempotency key for one command: letters, digits and dashes, as the protocol wants. */
export function newRequestId(prefix = 'r'): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  const rand = Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
  return `${prefix}-${Date.now().toString(36)}-${rand}`;
}
