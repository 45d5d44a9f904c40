import type { DomainError } from '../types';

/** A typed refusal with the catalogue's message (or a more precise one): the one helper in protocol/errors.ts. */
export { refusal } from '../../../protocol/errors';

/** A policy's answer: a value, or a refusal that stops the command and changes nothing. */
export type PolicyResult<T> = { ok: true; value: T } | { ok: false; error: DomainError };
