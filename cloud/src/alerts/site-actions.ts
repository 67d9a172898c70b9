import type { HallModel } from '@qms/edge-agent/queue'
import { type CloudCommand, QmsError, type SiteActionResult } from '@qms/protocol'
import type { CommandSender } from '../commands/sender.js'
import type { GuidanceService } from '../guidance/service.js'
import type { HallConfigs } from '../live/hall-configs.js'

/*
 * What a manager can do to a hall, with or without an alert: ask it to open a window (the
 * window's caller and screen get the reminder), turn diversion on or off, put a text on its
 * guidance banner, send a reminder, or move staff from another hall (both halls are told). Each
 * is a command stored for the hall, so a hall that is offline gets it when it comes back.
 */

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

export function createSiteActions(opts: {
  configs: HallConfigs
  guidance: GuidanceService
  commands: CommandSender
  noticeTtlMs: number
}) {
  const { configs, guidance, commands, noticeTtlMs } = opts

  const modelOf = (site: string): HallModel => {
    const model = configs.model(site)
    if (model === undefined) throw new QmsError('NOT_FOUND', `no hall ${site}`)
    return model
  }
  const windowName = (model: HallModel, window: string, path: string) => {
    const w = model.windows.get(window)
    if (w === undefined)
      throw new QmsError('UNKNOWN_WINDOW', `hall ${model.site} has no window ${window}`, { path })
    return w.name
  }
  const result = (command: CloudCommand, extra: Partial<SiteActionResult> = {}) => ({
    site: command.site,
    command: command.id,
    type: command.type,
    ...extra,
  })

  return {
    modelOf,
    async openWindow(site: string, window?: string, note?: string, alertId?: string) {
      const model = modelOf(site)
      const name = window === undefined ? undefined : windowName(model, window, '/window')
      const text = clip(
        `${name === undefined ? '请增开窗口' : `请开放${name}`}${note ? `：${note}` : ''}`,
        120,
      )
      const textEn = clip(
        `${window === undefined ? 'Please open another window' : `Please open window ${window}`}${note ? `: ${note}` : ''}`,
        200,
      )
      const command = await commands.send(
        site,
        'openWindow',
        {
          text,
          textEn,
          ...(window === undefined ? {} : { window }),
          ...(alertId === undefined ? {} : { alertId }),
        },
        noticeTtlMs,
      )
      return result(command)
    },
    async notice(site: string, text: string, window?: string, alertId?: string, textEn?: string) {
      const model = modelOf(site)
      if (window !== undefined) windowName(model, window, '/window')
      const command = await commands.send(
        site,
        'notice',
        {
          text: clip(text, 120),
          ...(textEn === undefined ? {} : { textEn: clip(textEn, 200) }),
          ...(window === undefined ? {} : { window }),
          ...(alertId === undefined ? {} : { alertId }),
        },
        noticeTtlMs,
      )
      return result(command)
    },
    async diversion(site: string, on: boolean) {
      modelOf(site)
      const { command, guidance: items } = await guidance.setDiversion(site, on)
      return result(command, { guidance: items })
    },
    async guidanceText(site: string, notice: { text: string; textEn?: string; until?: string }) {
      modelOf(site)
      const sent = await guidance.addNotice(site, notice)
      if (sent.command === undefined) throw new QmsError('INTERNAL', 'the banner was not sent')
      return result(sent.command, { guidance: sent.items })
    },
    /** Someone from `fromSite` goes to help `site`: both halls' staff are told. */
    async moveStaff(
      site: string,
      fromSite: string,
      window?: string,
      note?: string,
      alertId?: string,
    ) {
      const model = modelOf(site)
      if (fromSite === site)
        throw new QmsError('BAD_REQUEST', 'fromSite: another hall than the one helped', {
          path: '/fromSite',
        })
      const from = configs.model(fromSite)
      if (from === undefined)
        throw new QmsError('NOT_FOUND', `no hall ${fromSite}`, { path: '/fromSite' })
      const name = window === undefined ? '' : windowName(model, window, '/window')
      const extra = note ? `：${note}` : ''
      await commands.send(
        fromSite,
        'notice',
        {
          text: clip(`请派一名工作人员前往${model.hall.name}${name}支援${extra}`, 120),
          textEn: clip(
            `Please send someone to help at ${site}${window ? ` window ${window}` : ''}`,
            200,
          ),
          ...(alertId === undefined ? {} : { alertId }),
        },
        noticeTtlMs,
      )
      const command = await commands.send(
        site,
        window === undefined ? 'notice' : 'openWindow',
        {
          text: clip(
            `${from.hall.name}将派人支援${name ? `，到岗后请开放${name}` : ''}${extra}`,
            120,
          ),
          textEn: clip(
            `Staff from ${fromSite} are on the way${window ? `; open window ${window}` : ''}`,
            200,
          ),
          ...(window === undefined ? {} : { window }),
          ...(alertId === undefined ? {} : { alertId }),
        },
        noticeTtlMs,
      )
      return result(command)
    },
  }
}

export type SiteActions = ReturnType<typeof createSiteActions>
