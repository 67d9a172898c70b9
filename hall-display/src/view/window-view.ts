import type { HallSnapshot, WindowState } from '@qms/protocol'

/* What the small screen above one window shows: its name, its ticket and what is happening. */

export interface WindowView {
  no: string
  /** 5号窗口 */
  name: string
  /** Whether the hall has this window at all. */
  known: boolean
  state: WindowState | 'unknown'
  ticket?: string
  /** 请 A023 号 / 正在办理 / 暂停服务 … */
  line: string
  lineEn: string
  /** The call to flash: changes with every call or recall of this window. */
  callKey?: string
  hallName: string
}

const LINES: Record<WindowState, [string, string]> = {
  closed: ['暂停办理', 'Closed'],
  idle: ['等候叫号', 'Waiting for the next number'],
  calling: ['请到本窗口办理', 'Please come to this window'],
  serving: ['正在办理', 'Now serving'],
  paused: ['暂停服务', 'Paused'],
}

export function windowView(snapshot: HallSnapshot, no: string): WindowView {
  const w = snapshot.windows.find((x) => x.no === no)
  if (w === undefined)
    return {
      no,
      name: `${no}号窗口`,
      known: false,
      state: 'unknown',
      line: '本厅没有该窗口',
      lineEn: 'No such window in this hall',
      hallName: snapshot.name,
    }
  const [line, lineEn] = LINES[w.state]
  const call = snapshot.calls.find((c) => c.window === no && c.ticket === w.ticket)
  return {
    no,
    name: w.name,
    known: true,
    state: w.state,
    ...(w.ticket === undefined ? {} : { ticket: w.ticket }),
    line,
    lineEn,
    ...(call === undefined ? {} : { callKey: `${call.ticket}|${call.at}|${call.recalls}` }),
    hallName: snapshot.name,
  }
}

/** The window number in a window screen's path: `/display/window/5` → `5`. */
export function windowNoFromPath(pathname: string): string | undefined {
  const m = /\/window\/([A-Za-z0-9][A-Za-z0-9-]{0,7})\/?$/.exec(pathname)
  return m?.[1]
}
