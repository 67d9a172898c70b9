import type { Channel, Guidance, ResultOf, TicketPrint, WaitPrediction } from '@qms/protocol'
import type { CloudAdvice } from '../cloud/advice.js'
import type { PrintService } from '../devices/printing.js'
import type { DeviceInfo } from '../devices/registry.js'
import {
  aheadOf,
  type DecideContext,
  decide,
  findTicket,
  iso,
  type QueueRequest,
  type QueueState,
} from '../queue/index.js'
import type { HallCore, Settled, Submission } from './core.js'
import type { TicketLinks } from './links.js'

/** Who asks: a device, the web kiosk, the cloud. `key` names it for idempotency. */
export interface RequestSource {
  key: string
  device?: DeviceInfo
  channel?: Channel
}

export interface RequestRunnerOptions {
  core: HallCore
  advice: CloudAdvice
  links: TicketLinks
  printing: PrintService
  /** Refuse takes outside the opening hours (default false). */
  enforceHours?: boolean
}

/**
 * Runs a request through the hall's queue the same way whoever asks: the cloud's wait when
 * fresh, the status link, guidance and the print state in a take's answer, the ticket printed in
 * the background after the answer.
 */
export interface RequestRunner {
  run(request: QueueRequest, source: RequestSource): Promise<Settled>
}

type TakeResult = ResultOf<'take'>

const MAX_GUIDANCE = 4

export function createRequestRunner(options: RequestRunnerOptions): RequestRunner {
  const { core, advice, links, printing } = options
  const model = core.model

  const guidanceOf = (result: TakeResult, now: number): Guidance[] => {
    const online = links.online(result.item)
    const own = result.guidance.map((g) =>
      g.kind === 'online' && online !== undefined ? { ...g, url: online } : g,
    )
    return [...own, ...advice.guidanceFor(result.item, result.category, now)].slice(0, MAX_GUIDANCE)
  }

  const ticketPrint = (r: TakeResult): TicketPrint => {
    const item = model.items.get(r.item)
    const online = links.online(r.item)
    const notes: string[] = []
    if (item !== undefined && item.materials.length > 0)
      notes.push(`请备好：${item.materials.join('、')}`.slice(0, 120))
    notes.push('过号请到窗口咨询 · If you miss your call, ask at a window')
    if (online !== undefined) notes.push('本事项可掌上办理，扫码即办 · Can be done on your phone')
    return {
      hallName: model.hall.name,
      ticket: r.ticket,
      item: r.item,
      itemName: r.itemName,
      priority: r.priority,
      ahead: r.ahead,
      waitMin: Math.round(r.wait.minutes),
      issuedAt: r.issuedAt,
      qr: online ?? links.status(r.ticket),
      qrLabel:
        online !== undefined
          ? '扫码掌上办理 Scan to do it online'
          : '扫码查看排队进度 Scan for your place',
      notes: notes.slice(0, 6),
    }
  }

  return {
    async run(request, source) {
      const device = source.device
      const prints = device !== undefined && printing.prints(device.id)
      const reqId = 'reqId' in request ? request.reqId : undefined
      const submission: Submission = {
        op: request.op,
        ...(reqId === undefined ? {} : { key: { device: source.key, reqId } }),
        decide(state: QueueState, now: number) {
          const ctx: DecideContext = {
            now,
            enforceHours: options.enforceHours === true,
            ...(source.channel === undefined ? {} : { channel: source.channel }),
            ...(device === undefined ? {} : { device: device.id }),
          }
          if (request.op === 'take' || request.op === 'issue') {
            const wait: WaitPrediction | undefined = advice.itemWait(request.item, now)
            if (wait !== undefined) ctx.wait = wait
          }
          return decide(state, request, ctx)
        },
        finish(result) {
          if (request.op === 'take' || request.op === 'issue') {
            const r = result as TakeResult
            const now = Date.parse(r.issuedAt)
            return {
              ...r,
              guidance: guidanceOf(r, now),
              statusUrl: links.status(r.ticket),
              printed: prints ? 'queued' : 'none',
            } satisfies TakeResult
          }
          if (request.op === 'reprint')
            return { ...(result as object), printed: prints ? 'queued' : 'none' }
          return result
        },
      }
      const settled = await core.submit(submission)
      if (prints && device !== undefined && settled.outcome.ok && !settled.replayed) {
        if (request.op === 'take') {
          void printing.print(device.id, ticketPrint(settled.outcome.result as TakeResult))
        } else if (request.op === 'reprint') {
          const again = reprintOf(request.ticket)
          if (again !== undefined) void printing.print(device.id, again)
        }
      }
      return settled
    },
  }

  /** A ticket printed again: as issued, with the people ahead now. */
  function reprintOf(ticket: string): TicketPrint | undefined {
    const state = core.state
    const t = findTicket(state, ticket)
    if (t === undefined) return undefined
    return ticketPrint({
      ticket,
      item: t.item,
      itemName: model.items.get(t.item)?.name ?? t.item,
      category: t.category,
      priority: t.priority,
      ahead: aheadOf(state, t),
      wait: { minutes: t.waitMin ?? 0 },
      issuedAt: iso(t.issuedAt),
      guidance: [],
      printed: 'queued',
    })
  }
}
