import {
  type Clock,
  CloudCommand,
  type ErrorBody,
  type HallSnapshot,
  isExpired,
  QmsError,
  RPC,
  type RpcOp,
  type RpcReplyOf,
  type TicketStatus,
  validate,
} from '@qms/protocol'
import type { Logger } from 'pino'
import type { DeviceOutputs } from '../devices/outputs.js'
import type { DeviceRegistry } from '../devices/registry.js'
import type { HallCore } from '../hall/core.js'
import type { RequestRunner } from '../hall/runner.js'
import type { EdgeMetrics } from '../metrics.js'
import type { CloudAdvice } from './advice.js'

/** The RPC ops an edge answers itself (`replay` is the uplink's own). */
export type EdgeRpcOp = Exclude<RpcOp, 'replay'>
export type CommandReply = { ok: true } | { ok: false; error: ErrorBody }

export interface CloudHooks {
  rpc<Op extends EdgeRpcOp>(op: Op, request: unknown): Promise<RpcReplyOf<Op>>
  command(command: unknown): Promise<CommandReply>
}

export interface CloudHooksOptions {
  core: HallCore
  runner: RequestRunner
  advice: CloudAdvice
  outputs: DeviceOutputs
  registry: DeviceRegistry
  metrics: EdgeMetrics
  clock: Clock
  snapshot(): HallSnapshot
  /** A ticket's status now, with the cloud's wait while fresh. */
  status(ticket: string): TicketStatus | undefined
  /** Something the hall screen shows changed (guidance, predictions, diversion). */
  changed(): void
  /** False once the agent drains: commands are then refused UNAVAILABLE, to come again. */
  accepting(): boolean
  logger?: Logger
}

const fail = (error: QmsError | ErrorBody) => ({
  ok: false as const,
  error: error instanceof QmsError ? error.toBody() : error,
})

/** What the cloud may ask of the hall (RPC) and tell it (commands), as the uplink delivers them. */
export function createCloudHooks(options: CloudHooksOptions): CloudHooks {
  const { core, runner, advice, outputs, registry, metrics, clock, logger } = options
  const site = core.model.site

  /** The staff devices of a window, or of every window. */
  const staff = (window?: string) =>
    [...registry.ofKind('caller', window), ...registry.ofKind('window-display', window)].map(
      (d) => d.id,
    )

  const rpc = async (op: EdgeRpcOp, request: unknown): Promise<RpcReplyOf<EdgeRpcOp>> => {
    const spec = RPC[op]
    if (spec === undefined || (op as string) === 'replay')
      return fail(new QmsError('UNKNOWN_OP', `the edge does not answer rpc ${String(op)}`))
    const checked = validate(spec.request, request)
    if (!checked.ok) return fail(checked.error)
    switch (op) {
      case 'take': {
        const r = checked.value as typeof RPC.take.request.static
        const settled = await runner.run(
          {
            op: 'issue',
            item: r.item,
            channel: r.channel,
            reqId: r.reqId,
            ...(r.priority === undefined ? {} : { priority: r.priority }),
            ...(r.personId === undefined ? {} : { personId: r.personId }),
            ...(r.handoff === undefined ? {} : { handoff: r.handoff }),
          },
          { key: 'cloud', channel: r.channel },
        )
        return settled.outcome.ok
          ? { ok: true, result: settled.outcome.result as never }
          : fail(settled.outcome.error)
      }
      case 'cancel': {
        const r = checked.value as typeof RPC.cancel.request.static
        const settled = await runner.run(
          { op: 'cancel', ticket: r.ticket, reason: 'person', reqId: r.reqId },
          { key: 'cloud' },
        )
        return settled.outcome.ok
          ? { ok: true, result: settled.outcome.result as never }
          : fail(settled.outcome.error)
      }
      case 'ticket': {
        const r = checked.value as typeof RPC.ticket.request.static
        const s = options.status(r.ticket)
        return s === undefined
          ? fail(new QmsError('UNKNOWN_TICKET', `no ticket ${r.ticket} today`, { path: '/ticket' }))
          : { ok: true, result: s }
      }
      case 'state':
        return { ok: true, result: options.snapshot() }
    }
  }

  const command = async (raw: unknown): Promise<CommandReply> => {
    const checked = validate(CloudCommand, raw)
    const type =
      typeof (raw as { type?: unknown })?.type === 'string'
        ? String((raw as { type: string }).type).slice(0, 32)
        : 'unknown'
    if (!checked.ok) {
      metrics.commandsDropped.inc({ type, reason: 'invalid' })
      logger?.warn({ error: checked.error.message }, 'invalid cloud command dropped')
      return fail(checked.error)
    }
    const cmd = checked.value
    // Draining: the screens and the journal are closing, so a command now would be lost. The
    // uplink offers it again (at the next start if need be) when it hears UNAVAILABLE.
    if (!options.accepting())
      return fail(new QmsError('UNAVAILABLE', 'the hall agent is shutting down'))
    if (cmd.site !== site) {
      metrics.commandsDropped.inc({ type, reason: 'site' })
      return fail(new QmsError('SITE_MISMATCH', `command for ${cmd.site}, this is ${site}`))
    }
    if (isExpired(cmd, clock.now())) {
      metrics.commandsDropped.inc({ type, reason: 'expired' })
      logger?.info({ id: cmd.id, type, expiresAt: cmd.expiresAt }, 'expired cloud command dropped')
      return fail(new QmsError('COMMAND_EXPIRED', `command ${cmd.id} expired at ${cmd.expiresAt}`))
    }
    metrics.commands.inc({ type })
    switch (cmd.type) {
      case 'guidance':
        advice.setGuidance(cmd.data.items)
        options.changed()
        return { ok: true }
      case 'predictions':
        advice.setPredictions(cmd.data)
        options.changed()
        return { ok: true }
      case 'config': {
        const { diversion, recallLimit, priorityCap, onlineLinks } = cmd.data
        if (diversion !== undefined) advice.setDiversion(diversion)
        if (onlineLinks !== undefined) advice.setOnlineLinks(onlineLinks)
        if (recallLimit !== undefined || priorityCap !== undefined)
          core.setRules({
            ...(recallLimit === undefined ? {} : { recallLimit }),
            ...(priorityCap === undefined ? {} : { priorityCap }),
          })
        options.changed()
        return { ok: true }
      }
      case 'notice':
      case 'openWindow': {
        const { window, text, textEn } = cmd.data
        if (window !== undefined && !core.model.windows.has(window))
          return fail(new QmsError('UNKNOWN_WINDOW', `no window ${window} in this hall`))
        outputs.notice(staff(window), text, textEn)
        return { ok: true }
      }
      case 'handoffDone': {
        const { ticket, toSite, toTicket } = cmd.data
        const settled = await runner.run(
          { op: 'handoffDone', ticket, toSite, toTicket, reqId: cmd.id },
          { key: 'cloud-cmd' },
        )
        return settled.outcome.ok ? { ok: true } : fail(settled.outcome.error)
      }
    }
  }

  return { rpc: rpc as CloudHooks['rpc'], command }
}
