/**
 * The district wire's error catalogue (hall → district receiver, docs/cloud-api.md): the receiver's
 * refusals of a whole batch (with their HTTP status), its rejections of single records inside an
 * accepted batch, and the hall's own failures on the link, which its sync status reports beside the
 * receiver's codes. The one place these codes and their messages are written; `district-errors.test.ts`
 * pins it. Messages are for the people who read the hall's sync status, so they are in Chinese.
 */
import { ERROR_CODES } from './errors';

/** Batch-level refusals (any non-2xx answer of the receiver). */
export const DISTRICT_ERRORS = {
  // whole request
  BAD_REQUEST: { status: 400, message: ERROR_CODES.BAD_REQUEST },
  HALL_MISMATCH: { status: 400, message: '大厅编号与地址不符' },
  BATCH_ID_MISMATCH: { status: 400, message: '批次号与请求头不符' },
  UNAUTHENTICATED: { status: 401, message: '未提供或提供了无效的访问令牌' },
  UNKNOWN_HALL: { status: 401, message: '大厅未在区级平台登记' },
  BAD_SIGNATURE: { status: 401, message: '签名无效' },
  STALE_TIMESTAMP: { status: 401, message: '时间戳超出允许范围，请校准大厅服务器时钟' },
  NOT_FOUND: { status: 404, message: ERROR_CODES.NOT_FOUND },
  BATCH_CONFLICT: { status: 409, message: '同一批次号已收到不同的内容' },
  BATCH_TOO_LARGE: { status: 413, message: '批次过大' },
  UNSUPPORTED_ENCODING: { status: 415, message: '不支持的内容编码' },
  INTERNAL: { status: 500, message: ERROR_CODES.INTERNAL },
} as const;
export type DistrictErrorCode = keyof typeof DISTRICT_ERRORS;

/** Codes of a single record's rejection inside an accepted batch (HTTP 200). */
export const RECORD_REJECTIONS = {
  INVALID_RECORD: '记录不符合格式',
  UNKNOWN_KIND: '未知的记录类型',
  HALL_MISMATCH: '记录的大厅编号与批次不符',
  CASE_CONFLICT: '同一办件编号已收到不同的内容',
  UNKNOWN_CASE: '评价所属的办件不存在',
} as const;
export type RecordRejectionCode = keyof typeof RECORD_REJECTIONS;

/**
 * The hall's own failures on the link (its sync status and dead letters), beside the receiver's codes.
 * A refusal whose body is not the documented shape is reported as `HTTP_<status>` (see `httpStatusCode`).
 */
export const SYNC_FAILURES = {
  NOT_CONFIGURED: '未配置区级平台地址、大厅编号或密钥',
  NETWORK: '无法连接区级平台',
  TIMEOUT: '区级平台响应超时',
  BAD_REPLY: '回执格式不正确',
  NO_RECORD_ANSWERED: '回执未确认批次中的任何记录',
  ENCODE_FAILED: '批次编码失败',
  SEND_FAILED: '发送失败',
  INVALID_PAYLOAD: '发件箱记录无效',
} as const;
export type SyncFailureCode = keyof typeof SYNC_FAILURES;

/** `HTTP_<status>`: a receiver's refusal without the documented error body. */
export type HttpStatusCode = `HTTP_${number}`;
export const httpStatusCode = (status: number): HttpStatusCode => `HTTP_${status}`;

/** Any code the hall's sync status may report about the district link. */
export type DistrictLinkCode = DistrictErrorCode | RecordRejectionCode | SyncFailureCode | HttpStatusCode;

const HTTP_STATUS_RE = /^HTTP_[1-5]\d\d$/;

/** True when `code` is in this catalogue (a receiver's, a record's, the hall's own, or `HTTP_<status>`). */
export function isDistrictCode(code: unknown): code is DistrictLinkCode {
  return (
    typeof code === 'string' &&
    (Object.hasOwn(DISTRICT_ERRORS, code) || Object.hasOwn(RECORD_REJECTIONS, code) || Object.hasOwn(SYNC_FAILURES, code) || HTTP_STATUS_RE.test(code))
  );
}

/** A base message with an optional detail after it: `无法连接区级平台: ECONNREFUSED`. */
function withDetail(base: string, detail?: string): string {
  return detail ? `${base}: ${detail}` : base;
}

/** The receiver's refusal body for a batch-level code. */
export function districtRefusal(code: DistrictErrorCode, detail?: string): { code: DistrictErrorCode; message: string } {
  return { code, message: withDetail(DISTRICT_ERRORS[code].message, detail) };
}

/** A record's rejection message. */
export function recordRejectionMessage(code: RecordRejectionCode, detail?: string): string {
  return withDetail(RECORD_REJECTIONS[code], detail);
}

/** One of the hall's own link failures, as its sync status shows it. */
export function syncFailure(code: SyncFailureCode, detail?: string): { code: SyncFailureCode; message: string } {
  return { code, message: withDetail(SYNC_FAILURES[code], detail) };
}
