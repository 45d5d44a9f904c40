/**
 * The receiver's one query layer over SQLite (better-sqlite3) and PostgreSQL (pg). SQL is written once,
 * in the common subset of both, with `$1, $2, ...` placeholders; each driver adapts the rest.
 */

/** Rows and the number of rows a statement changed (or returned). */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Something that runs statements: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$n` placeholders. Parameters: string, number, null. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A receiver database. */
export interface CloudDatabase extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Statements
   * inside must go through `tx`, never through the database itself.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A statement rewritten for positional `?` parameters: which `$n` each `?` binds. */
export interface PositionalPlan {
  sql: string;
  /** Zero-based parameter index for each `?`, in order. */
  order: number[];
}

/**
 * Rewrites `$n` placeholders to SQLite's positional `?` and records the order, so that `$1` used twice
 * binds twice. The plan depends on the text alone, so a driver keeps it beside the prepared statement.
 */
export function toPositional(sql: string): PositionalPlan {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { sql: text, order };
}

/** The parameters in a plan's order; a `$n` without its parameter is a programming error. */
export function bindPositional(plan: PositionalPlan, params: readonly unknown[]): unknown[] {
  return plan.order.map((i) => {
    if (i < 0 || i >= params.length) throw new RangeError(`no parameter for $${i + 1}`);
    return params[i];
  });
}
