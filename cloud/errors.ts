/**
 * The receiver's error-code catalogue: batch-level refusals (with their HTTP status) and record-level
 * rejection codes. `errors.test.ts` pins it; docs/cloud-api.md lists it. Messages are for the people who
 * read the hall's sync status, so they are in Chinese.
 */
export const CLOUD_ERRORS = {
  // whole request
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  HALL_MISMATCH: { status: 400, message: '大厅编号与地址不符' },
  BATCH_ID_MISMATCH: { status: 400, message: '批次号与请求头不符' },
  UNAUTHENTICATED: { status: 401, message: '未提供或提供了无效的访问令牌' },
  UNKNOWN_HALL: { status: 401, message: '大厅未在区级平台登记' },
  BAD_SIGNATURE: { status: 401, message: '签名无效' },
  STALE_TIMESTAMP: { status: 401, message: '时间戳超出允许范围，请校准大厅服务器时钟' },
  NOT_FOUND: { status: 404, message: '找不到对象' },
  BATCH_CONFLICT: { status: 409, message: '同一批次号已收到不同的内容' },
  BATCH_TOO_LARGE: { status: 413, message: '批次过大' },
  UNSUPPORTED_ENCODING: { status: 415, message: '不支持的内容编码' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后重试' },
} as const;
export type CloudErrorCode = keyof typeof CLOUD_ERRORS;

/** Codes of a single record's rejection inside an accepted batch (HTTP 200). */
export const RECORD_REJECTIONS = {
  INVALID_RECORD: '记录不符合格式',
  UNKNOWN_KIND: '未知的记录类型',
  HALL_MISMATCH: '记录的大厅编号与批次不符',
  CASE_CONFLICT: '同一办件编号已收到不同的内容',
  UNKNOWN_CASE: '评价所属的办件不存在',
} as const;
export type RecordRejectionCode = keyof typeof RECORD_REJECTIONS;

/** A refusal of the whole request; the message is safe to send. */
export class CloudError extends Error {
  readonly code: CloudErrorCode;
  readonly status: number;
  constructor(code: CloudErrorCode, detail?: string) {
    const base = CLOUD_ERRORS[code].message;
    super(detail ? `${base}: ${detail}` : base);
    this.name = 'CloudError';
    this.code = code;
    this.status = CLOUD_ERRORS[code].status;
  }
  toBody(): { ok: false; error: { code: CloudErrorCode; message: string } } {
    return { ok: false, error: { code: this.code, message: this.message } };
  }
}
