import { formatWait, type WaitText } from '@qms/hall-display/format'
import type { VirtualTicketStatus } from '@qms/protocol'

/*
 * One ticket on the phone: the number, the hall, how many people are ahead and the predicted wait
 * with its range, "your turn is near" once three or fewer are ahead, the window when called, and
 * a plain word when it is over. Chinese first, English beside it.
 */

export type TicketPhase = 'waiting' | 'near' | 'called' | 'serving' | 'ended' | 'moved'

export interface TicketView {
  ticket: string
  site: string
  hall: string
  phase: TicketPhase
  ahead: number
  /** 前面还有 3 人 / 3 people ahead. */
  aheadZh: string
  aheadEn: string
  wait: WaitText | undefined
  /** The headline: 快到您了 / Your turn is near; 请到5号窗口 / Please go to window 5 … */
  headlineZh: string
  headlineEn: string
  window: string | undefined
  /** Still changing: keep following it. */
  live: boolean
}

/** At most this many ahead and the page says "your turn is near". */
export const NEAR_AHEAD = 3

export function ticketView(s: VirtualTicketStatus): TicketView {
  const base = {
    ticket: s.ticket,
    site: s.site,
    hall: s.siteName ?? s.site,
    ahead: s.ahead,
    aheadZh: `前面还有 ${s.ahead} 人`,
    aheadEn: s.ahead === 1 ? '1 person ahead' : `${s.ahead} people ahead`,
    wait: undefined as WaitText | undefined,
    window: s.window,
  }
  switch (s.state) {
    case 'waiting':
    case 'parked': {
      const near = s.ahead <= NEAR_AHEAD
      return {
        ...base,
        phase: near ? 'near' : 'waiting',
        wait: formatWait(s.wait),
        headlineZh: near ? '快到您了，请回到大厅等候叫号' : '排队中',
        headlineEn: near ? 'Your turn is near: please be in the hall' : 'In the queue',
        live: true,
      }
    }
    case 'called':
      return {
        ...base,
        phase: 'called',
        ahead: 0,
        aheadZh: '正在叫您的号',
        aheadEn: 'Your number is being called',
        headlineZh: s.window === undefined ? '请到窗口办理' : `请到${s.window}号窗口办理`,
        headlineEn:
          s.window === undefined ? 'Please go to the window' : `Please go to window ${s.window}`,
        live: true,
      }
    case 'serving':
      return {
        ...base,
        phase: 'serving',
        ahead: 0,
        aheadZh: '正在办理',
        aheadEn: 'Being served',
        headlineZh: s.window === undefined ? '正在办理' : `正在${s.window}号窗口办理`,
        headlineEn: s.window === undefined ? 'Being served' : `Being served at window ${s.window}`,
        live: true,
      }
    case 'transferred':
      return {
        ...base,
        phase: 'moved',
        headlineZh:
          s.toTicket === undefined ? '已转办' : `已转为 ${s.toSite ?? ''} ${s.toTicket} 号`.trim(),
        headlineEn:
          s.toTicket === undefined
            ? 'Transferred'
            : `Now ticket ${s.toTicket}${s.toSite ? ` at ${s.toSite}` : ''}`,
        live: false,
      }
    default: {
      const words: Record<string, [string, string]> = {
        done: ['已办结，感谢您的耐心', 'Done — thank you for waiting'],
        noshow: ['叫号未到，已过号', 'Called but not present: the number has passed'],
        cancelled: ['已取消', 'Cancelled'],
      }
      const [zh, en] = words[s.state] ?? ['已结束', 'Ended']
      return { ...base, phase: 'ended', headlineZh: zh, headlineEn: en, live: false }
    }
  }
}
