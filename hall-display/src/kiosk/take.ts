import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@qms/protocol'

/*
 * Taking a number from the kiosk page. One intent to take a number is one request id: a double
 * tap, a retry after a lost answer or a reload of the request all carry the same `reqId`, and
 * the edge answers a repeated id with its first answer, so one intent makes one ticket.
 */

export interface TakeIntents {
  /** The request id for taking `item` now; the same until `done()` or another item. */
  reqIdFor(item: string): string
  /** The intent was answered (a ticket or a final error): the next take is a new one. */
  done(): void
}

/**
 * Request ids `<kiosk>-<boot>-<n>`: `boot` (e.g. the page's load time in base 36) keeps ids
 * apart across reloads; they match the protocol's ReqId pattern.
 */
export function createTakeIntents(kiosk: string, boot: string): TakeIntents {
  const safe = (s: string, max: number) => s.replace(/[^A-Za-z0-9_-]/g, '').slice(0, max) || 'x'
  const prefix = `${safe(kiosk, 32)}-${safe(boot, 24)}`
  let n = 0
  let current: { item: string; reqId: string } | undefined
  return {
    reqIdFor(item) {
      if (current?.item !== item) current = { item, reqId: `${prefix}-${(++n).toString(36)}` }
      return current.reqId
    },
    done() {
      current = undefined
    },
  }
}

export interface KioskMessage {
  zh: string
  en: string
  /** Whether trying again may help (a timeout or an unreachable edge, not a refusal). */
  retry: boolean
}

const RETRYABLE = new Set<ErrorCode>(['UNAVAILABLE', 'TIMEOUT', 'INTERNAL', 'RATE_LIMITED'])
const KIOSK_ZH: Partial<Record<ErrorCode, string>> = {
  HALL_CLOSED: '现在不在取号时间，请在办公时间内取号',
  NUMBERS_EXHAUSTED: '该事项今日号码已发完，请明日再来或咨询工作人员',
  ITEM_NOT_OFFERED: '本厅不办理该事项，请咨询工作人员',
  DUPLICATE_TICKET: '您已取过该事项的号，请留意叫号',
  UNAVAILABLE: '系统繁忙，请稍后重试',
}

// Object.hasOwn is newer than some kiosk browsers.
const isCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code)

/**
 * What the kiosk says for a failed take: the code's Chinese text (the edge's `messageZh`). A code
 * this page does not know (a newer edge) still gets the edge's text.
 */
export function takeErrorMessage(error: {
  code: ErrorBody['code'] | string
  messageZh?: string
}): KioskMessage {
  const code = error.code
  const known = isCode(code)
  const zh =
    (known ? KIOSK_ZH[code] : undefined) ??
    error.messageZh ??
    (known ? ERROR_CODES[code].zh : undefined) ??
    '取号失败，请咨询工作人员'
  const en = known ? ERROR_CODES[code].en : 'The number could not be taken.'
  return { zh, en, retry: known && RETRYABLE.has(code) }
}

/** What the kiosk says when the edge did not answer at all. */
export const NETWORK_MESSAGE: KioskMessage = {
  zh: '网络连接中断，请稍后重试或咨询工作人员',
  en: 'No connection to the hall system. Please try again or ask the staff.',
  retry: true,
}
