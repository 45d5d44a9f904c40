import { ERROR_CODES, type ErrorCode } from '../../../protocol/errors';
import type { DomainError } from '../types';

/** A typed refusal with the catalogue's message, or a more precise one that is still safe for a terminal. */
export function refusal(code: ErrorCode, message?: string): DomainError {
  return { code, message: message ?? ERROR_CODES[code] };
}

/** A policy's answer: a value, or a refusal that stops the command and changes nothing. */
export type PolicyResult<T> = { ok: true; value: T } | { ok: false; error: DomainError };
