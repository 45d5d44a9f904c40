import { z } from 'zod';
import { badRequest, zodIssues } from './errors';

/** The object schema under defaults and optionals, or the schema itself. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap());
  return schema;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keys of `value` that `schema` does not know, as dotted paths (`alerts.waitingCuont`). zod's plain
 * objects drop unknown keys silently: a misspelt setting then "saved" as nothing.
 */
function unknownKeys(schema: z.core.$ZodType, value: unknown, path = ''): string[] {
  const s = unwrap(schema);
  if (!(s instanceof z.ZodObject) || !isPlainObject(value)) return [];
  const shape: Record<string, z.core.$ZodType> = s.shape;
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    return Object.hasOwn(shape, key) ? unknownKeys(shape[key]!, v, at) : [at];
  });
}

/** `patch` over `current`: objects merged key by key, anything else (numbers, lists) replaced. */
function merge(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(current) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(current[key], value);
  return out;
}

/**
 * A partial update of a settings document: unknown keys are refused (BAD_REQUEST naming them), the keys
 * named change and nothing else, and the result is validated whole. Before this, a misspelt key answered
 * 200 and reset every setting to its default.
 */
export function applyPartial<S extends z.ZodType>(schema: S, current: z.output<S>, body: unknown, what: string): z.output<S> {
  if (!isPlainObject(body)) throw badRequest(`${what}必须是一个对象`);
  const unknown = unknownKeys(schema, body);
  if (unknown.length > 0) {
    throw badRequest(
      `${what}中有未知的设置项：${unknown.join('、')}`,
      unknown.map((path) => ({ path, message: '未知的设置项' })),
    );
  }
  const parsed = schema.safeParse(merge(current, body), { error: z.locales.zhCN().localeError });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw badRequest(`${what}填写有误：${issues[0]!.path} ${issues[0]!.message}`, issues);
  }
  return parsed.data;
}
