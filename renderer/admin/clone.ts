/** A deep copy of plain data, also of Vue's reactive proxies (which structuredClone refuses). */
export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
