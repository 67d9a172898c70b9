/**
 * Every error code the system answers with. Codes are stable: firmware, pages and outside
 * clients match on them. A code is never renamed, never reused for another meaning, and never
 * removed; new codes are appended. The list is documented in protocol/README.md.
 *
 * `status` is the HTTP status an API answers with for the code; `zh` is what a hall shows.
 */
export const ERROR_CODES = {
  BAD_JSON: { status: 400, en: 'The payload is not valid JSON.', zh: '数据格式错误' },
  BAD_REQUEST: { status: 400, en: 'The payload does not match its schema.', zh: '请求内容不正确' },
  UNKNOWN_OP: {
    status: 400,
    en: 'The request names an operation this protocol does not have.',
    zh: '不支持的操作',
  },
  UNKNOWN_TYPE: {
    status: 400,
    en: 'The message names a type this protocol does not have.',
    zh: '不支持的消息类型',
  },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The payload is larger than the limit.', zh: '数据过大' },
  BAD_CREDENTIALS: { status: 401, en: 'Unknown device or wrong token.', zh: '设备认证失败' },
  FORBIDDEN_TOPIC: {
    status: 403,
    en: 'The device may not publish or subscribe on this topic.',
    zh: '设备无权使用该主题',
  },
  DEVICE_NOT_ALLOWED: {
    status: 403,
    en: 'This kind of device may not make this request.',
    zh: '该设备无权执行此操作',
  },
  WRONG_WINDOW: {
    status: 403,
    en: 'The device belongs to another window.',
    zh: '设备不属于该窗口',
  },
  UNKNOWN_ITEM: { status: 404, en: 'No such item in the catalogue.', zh: '没有该事项' },
  ITEM_NOT_OFFERED: {
    status: 409,
    en: 'This hall does not offer the item.',
    zh: '本厅不办理该事项',
  },
  UNKNOWN_WINDOW: { status: 404, en: 'No such window in this hall.', zh: '没有该窗口' },
  WINDOW_CLOSED: { status: 409, en: 'The window is closed.', zh: '窗口未开放' },
  WINDOW_PAUSED: { status: 409, en: 'The window is paused.', zh: '窗口暂停服务' },
  WINDOW_BUSY: {
    status: 409,
    en: 'The window still has a ticket called or in service.',
    zh: '窗口正在办理中',
  },
  ITEM_NOT_SERVED: {
    status: 409,
    en: 'The window does not serve this item.',
    zh: '该窗口不办理此事项',
  },
  NO_TICKET: { status: 409, en: 'Nobody is waiting for what this window serves.', zh: '暂无等候' },
  NO_CURRENT_TICKET: {
    status: 409,
    en: 'The window has no called or serving ticket.',
    zh: '当前没有叫号',
  },
  BAD_STATE: {
    status: 409,
    en: 'The ticket is not in a state that allows this.',
    zh: '当前状态不允许此操作',
  },
  RECALL_LIMIT: {
    status: 409,
    en: 'The ticket was recalled as often as allowed.',
    zh: '已达重呼次数上限',
  },
  UNKNOWN_TICKET: { status: 404, en: 'No such ticket today.', zh: '没有该号码' },
  TICKET_NOT_WAITING: { status: 409, en: 'The ticket is not waiting.', zh: '该号码不在等候中' },
  TICKET_NOT_PARKED: { status: 409, en: 'The ticket is not parked.', zh: '该号码未挂起' },
  DUPLICATE_TICKET: {
    status: 409,
    en: 'This person already holds an open ticket for the item.',
    zh: '您已取过该事项的号',
  },
  HALL_CLOSED: { status: 409, en: 'The hall is not issuing tickets now.', zh: '不在取号时间' },
  NUMBERS_EXHAUSTED: {
    status: 409,
    en: 'No ticket numbers left for this prefix today.',
    zh: '今日号码已发完',
  },
  RATING_NOT_ALLOWED: {
    status: 409,
    en: 'The ticket was not served at this window or was rated already.',
    zh: '无法评价该号码',
  },
  COMMAND_EXPIRED: { status: 410, en: 'The command expired before it arrived.', zh: '指令已过期' },
  SITE_MISMATCH: {
    status: 403,
    en: 'The message names a hall its sender does not own.',
    zh: '服务点不匹配',
  },
  SEQ_FROM_FUTURE: {
    status: 409,
    en: 'The event sequence is ahead of what was expected.',
    zh: '事件序号异常',
  },
  UNAVAILABLE: {
    status: 503,
    en: 'The hall cannot be reached now; try again shortly.',
    zh: '服务点暂时无法连接',
  },
  TIMEOUT: { status: 504, en: 'No answer in time.', zh: '响应超时' },
  CONFIG_INVALID: { status: 400, en: 'The configuration is not valid.', zh: '配置错误' },
  UNAUTHORIZED: { status: 401, en: 'Sign in first.', zh: '请先登录' },
  FORBIDDEN: { status: 403, en: 'Not allowed for this account.', zh: '无权访问' },
  NOT_FOUND: { status: 404, en: 'Not found.', zh: '未找到' },
  CSRF: { status: 403, en: 'The request lacks a valid CSRF token.', zh: '请求校验失败' },
  CONFLICT: {
    status: 409,
    en: 'The resource changed meanwhile or is in the wrong state.',
    zh: '状态冲突',
  },
  RATE_LIMITED: { status: 429, en: 'Too many requests.', zh: '请求过于频繁' },
  INTERNAL: { status: 500, en: 'Internal error.', zh: '系统错误' },
} as const satisfies Record<string, { status: number; en: string; zh: string }>

export type ErrorCode = keyof typeof ERROR_CODES

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[]

/** The error object every reply carries when `ok` is false. */
export interface ErrorBody {
  code: ErrorCode
  message: string
  messageZh?: string
  path?: string
}

/**
 * An error with a stable code. Thrown across the system and turned into a reply at every
 * boundary; match it by `code`, never by message text.
 */
export class QmsError extends Error {
  override readonly name = 'QmsError'
  readonly code: ErrorCode
  readonly path: string | undefined

  constructor(code: ErrorCode, message?: string, opts: { path?: string; cause?: unknown } = {}) {
    super(
      message ?? ERROR_CODES[code].en,
      opts.cause === undefined ? undefined : { cause: opts.cause },
    )
    this.code = code
    this.path = opts.path
  }

  /** The reply body for this error, with the hall's Chinese wording beside the English. */
  toBody(): ErrorBody {
    const body: ErrorBody = {
      code: this.code,
      message: this.message,
      messageZh: ERROR_CODES[this.code].zh,
    }
    if (this.path !== undefined) body.path = this.path
    return body
  }

  get status(): number {
    return ERROR_CODES[this.code].status
  }
}

export function isQmsError(err: unknown): err is QmsError {
  return err instanceof QmsError
}

/** Whether `code` is one of the documented error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)
}
