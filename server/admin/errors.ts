import { refusal, type ErrorCode } from '../../protocol/errors';

/** The admin console's refusals use the protocol's catalogue. */
export type AdminErrorCode = ErrorCode;

/** One problem in an input: where (a field path, or sheet / row / column for imports) and what. */
export interface Issue {
  /** Field path (`materials[0].name`) or, for imports, the column header. */
  path: string;
  message: string;
  /** Imports: the sheet (xlsx) or section (JSON) the row is in. */
  sheet?: string;
  /** Imports: the row as a spreadsheet shows it (header = 1) or the item's position in a JSON list (1-based). */
  row?: number;
  /** Imports: the column letter (xlsx). */
  column?: string;
}

/** An admin refusal: a code, an HTTP status, a Chinese message and, where useful, the issues found. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    readonly status: number,
    message?: string,
    readonly issues: Issue[] = [],
  ) {
    super(refusal(code, message).message);
    this.name = 'AdminError';
  }

  toBody(): { code: AdminErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length > 0 ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export const badRequest = (message: string, issues: Issue[] = []) => new AdminError('BAD_REQUEST', 400, message, issues);
export const notFound = (message: string) => new AdminError('NOT_FOUND', 404, message);
export const conflict = (message: string, issues: Issue[] = []) => new AdminError('CONFLICT', 409, message, issues);
export const inUse = (message: string, issues: Issue[] = []) => new AdminError('IN_USE', 409, message, issues);
export const invalidState = (message: string) => new AdminError('INVALID_STATE', 409, message);

/** zod issue path → `materials[0].name`. */
export function fieldPath(p: readonly PropertyKey[]): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

/** A zod failure as issues (Chinese messages come from the caller's zod locale). */
export function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Issue[] {
  return error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
}
