/**
 * The hall's error-code catalogue: the one place a code of the hall's wire (socket acks, REST bodies, the
 * shell's bridge, a print result) and its default Chinese message are written. Every refusal is built
 * with `refusal(code, detail?)`, so no message for a code is typed anywhere else. Codes double as i18n keys
 * in the terminals; `errors.test.ts` pins the catalogue (removing or renaming a code is a deliberate,
 * visible change) and scans the source for codes used but not listed here. The district's wire (hall →
 * cloud receiver) has its own catalogue, `district-errors.ts`.
 */
export const ERROR_CODES = {
  // boundary
  BAD_REQUEST: '请求格式不正确',
  UNAUTHENTICATED: '未登录或凭证无效',
  FORBIDDEN: '当前角色无权执行此操作',
  NOT_FOUND: '找不到对象',
  INTERNAL: '系统内部错误，请稍后重试',
  REQUEST_ID_REUSED: '请求编号已用于其他操作，请重新发起',
  UNAVAILABLE: '系统暂时无法保存数据，请联系管理员',
  // hall and day
  DAY_NOT_OPEN: '今日业务尚未开始',
  DAY_ALREADY_OPEN: '营业日已开始',
  HALL_CLOSED: '大厅当前不办公',
  ISSUING_STOPPED: '已停止取号',
  SERVICE_NOT_TODAY: '该事项今日不办理',
  INVALID_BUSINESS_DATE: '营业日不是有效日期',
  BUSINESS_DATE_OUT_OF_RANGE: '营业日与大厅日期相差超过一天，确需开启请强制开启并填写原因',
  BUSINESS_DATE_EARLIER: '营业日早于当前营业日，如需改回请强制开启并填写原因',
  // catalogue
  UNKNOWN_SERVICE: '事项不存在',
  UNKNOWN_BUNDLE: '一件事不存在',
  MIXED_GROUPS: '所选事项不属于同一队列',
  QUOTA_EXHAUSTED: '该事项今日号源已满',
  // applicant
  INVALID_ID_NUMBER: '身份证号码无效',
  INVALID_PHONE: '手机号码无效',
  UNKNOWN_APPOINTMENT: '预约码无效',
  APPOINTMENT_USED: '预约码已使用',
  APPOINTMENT_NOT_TODAY: '预约不在今日',
  // tickets
  UNKNOWN_TICKET: '号票不存在',
  TICKET_NOT_WAITING: '号票不在等候中',
  TICKET_NOT_CALLED: '号票尚未被叫号',
  TICKET_NOT_SERVING: '号票未在办理中',
  TICKET_NOT_AT_WINDOW: '号票不在本窗口',
  TICKET_NOT_NO_SHOW: '号票不是过号状态',
  RETURN_LIMIT: '过号票已重新排队过一次',
  RECALL_COOLDOWN: '重呼间隔太短',
  NO_SHOW_TOO_EARLY: '呼叫次数不足，暂不能标记过号',
  CANNOT_SERVE: '本窗口不能办理该事项',
  TRANSFER_TARGET_UNSTAFFED: '转办目标当前无人办理，确认后仍可转办',
  REASSIGN_TARGET_UNSTAFFED: '改派目标当前无人值守，请先开启窗口或改派到有人值守的窗口',
  WINDOW_IN_USE_ELSEWHERE: '本窗口正在另一台电脑上使用；如需在本机继续，请先在本机接管',
  REASON_REQUIRED: '跳号叫号必须填写原因',
  CANCEL_TOO_LATE: '取号已超过可在取号机上取消的时间，请到窗口或服务台办理',
  SERVICES_REQUIRED: '请选择实际办理的事项',
  // windows
  UNKNOWN_WINDOW: '窗口不存在',
  WINDOW_NOT_SIGNED_IN: '请先登录窗口',
  WINDOW_TAKEN: '窗口已被其他人员登录',
  ALREADY_SIGNED_IN: '您已登录其他窗口',
  WINDOW_BUSY: '窗口有正在办理的号票',
  WINDOW_PAUSED: '窗口已暂停服务',
  WINDOW_NOT_PAUSED: '窗口未暂停',
  NOT_ON_ROSTER: '您不在该窗口今日的排班中',
  // evaluations
  UNKNOWN_CASE: '办件不存在',
  ALREADY_EVALUATED: '该办件已评价',
  NOTHING_TO_EVALUATE: '没有待评价的办件',
  // printing: refusals of a print command (the kiosk's network printer, or the shell's own printer)
  PRINTER_NOT_CONFIGURED: '本机未配置打印机',
  TICKET_NOT_PRINTABLE: '该号票已结束，不能打印',
  ALREADY_PRINTED: '该号票已打印过，如需补打请选择重新打印',
  NOT_PRINTED_YET: '该号票尚未打印，无需补打',
  REPRINT_LIMIT: '补打次数已达上限，请到服务台咨询',
  PRINT_IN_PROGRESS: '正在打印，请稍候',
  // printing: why a print that was carried out gave no paper (a print result's code, see protocol/print.ts)
  PRINTER_OFFLINE: '打印机未连接',
  PRINTER_NO_PAPER: '打印机缺纸',
  PRINTER_TIMEOUT: '打印机无响应',
  PRINTER_COVER_OPEN: '打印机盖未关好',
  PRINTER_BUSY: '打印机正忙，上一张尚未完成',
  PRINTER_ERROR: '打印机故障',
  PRINTER_BAD_CONFIG: '打印机配置有误',
  PRINT_BAD_DATA: '号票内容不完整',
  // admin console
  CONFLICT: '与已有数据冲突',
  IN_USE: '仍被引用，不能删除或修改',
  IMPORT_INVALID: '导入文件有错误，未导入任何数据',
  LAST_ADMIN: '至少要保留一名管理员',
  NOT_AVAILABLE: '该功能暂不可用',
  INVALID_STATE: '当前状态不允许此操作',
  // login
  BAD_CREDENTIALS: '用户名或密码错误',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  // the terminal's own refusals, made before or instead of the server (never sent by the hall server)
  OFFLINE: '网络连接中断，正在重新连接，请稍候再试',
  TIMEOUT: '服务器未响应，请稍后重试',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one refusal shape on every boundary: socket acks and HTTP bodies alike. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/**
 * A refusal in the one shape, its message from the catalogue. `detail` replaces the catalogue's text
 * where the terminal is better served by a precise one (which field is malformed, which role may not);
 * it must be safe to show, never an exception's text.
 */
export function refusal<C extends ErrorCode>(code: C, detail?: string): { code: C; message: string } {
  return { code, message: detail ?? ERROR_CODES[code] };
}

/** A refusal as an answer: `{ ok: false, error }`. */
export function refused<C extends ErrorCode>(code: C, detail?: string): { ok: false; error: { code: C; message: string } } {
  return { ok: false, error: refusal(code, detail) };
}

/** The refusal of a payload that failed its zod schema: the first issue's path and message. */
export function badRequestOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): ErrorBody {
  const issue = error.issues[0];
  if (!issue) return refusal('BAD_REQUEST');
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return refusal('BAD_REQUEST', `${where}${issue.message}`);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
