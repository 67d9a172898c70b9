import {
  type Catalogue,
  type Clock,
  type EventEnvelope,
  type HallConfig,
  type Priority,
  systemClock,
  type TicketStatus,
  type WaitPrediction,
} from '@qms/protocol'
import { applyEnvelope, applyEvent } from './apply.js'
import { decide } from './decide/index.js'
import { estimateItemWait } from './estimate.js'
import { createHallModel, type HallModel, type HallModelOptions } from './model.js'
import { aheadOf, nextForWindow, waitingTickets } from './rank.js'
import type {
  DecideContext,
  Decision,
  EventDraft,
  QueueRequest,
  QueueResultOf,
} from './requests.js'
import {
  type CloneOptions,
  cloneState,
  findTicket,
  initialState,
  type QueueState,
  type TicketRecord,
} from './state.js'
import { ticketStatus } from './views.js'

export interface QueueEngineOptions extends HallModelOptions {
  hall: HallConfig
  catalogue: Catalogue
  /** Time of decisions (default the system clock); a simulator passes its virtual clock. */
  clock?: Clock
  /** A model built already (shared by many engines of one hall). */
  model?: HallModel
  /** A state to continue from (default: an empty day at the clock's time). */
  state?: QueueState
  /** Refuse takes outside the opening hours with HALL_CLOSED (default false). */
  enforceHours?: boolean
}

export type ExecuteContext = Omit<DecideContext, 'now'> & { now?: number }

/**
 * A hall's queue in one object, for in-process users (the simulator, the predictor): decide and
 * apply in one call at the clock's time. The edge uses `decide`/`applyEvent` directly, because
 * it journals the events in between.
 */
export interface QueueEngine {
  readonly model: HallModel
  readonly clock: Clock
  /** The live state (mutated by `execute` and `apply`). */
  readonly state: QueueState
  /** Decides a request and applies its events; returns the decision (events and result, or the error). */
  execute<R extends QueueRequest>(
    request: R,
    ctx?: ExecuteContext,
  ): Decision<QueueResultOf<R['op']>>
  /** Decides without applying. */
  decide<R extends QueueRequest>(request: R, ctx?: ExecuteContext): Decision<QueueResultOf<R['op']>>
  /** Applies events decided elsewhere: drafts at `at` (default now), or journaled envelopes. */
  apply(events: readonly (EventDraft | EventEnvelope)[], at?: number): void
  /** An independent engine from a copy of this state, in O(1); optionally on another clock. */
  clone(options?: CloneOptions & { clock?: Clock }): QueueEngine
  /** What a `call` at the window would call now. */
  next(window: string): TicketRecord | undefined
  /** People ahead of a ticket as its eligible windows see it. */
  ahead(ticket: string): number | undefined
  /** Waiting tickets (of some categories) in calling order. */
  waiting(categories?: ReadonlySet<string>): TicketRecord[]
  /** The local wait estimate for a newcomer to an item. */
  estimate(item: string, priority?: Priority): WaitPrediction
  /** A ticket of today with the people ahead and its wait. */
  status(ticket: string): TicketStatus | undefined
}

const isEnvelope = (e: EventDraft | EventEnvelope): e is EventEnvelope => 'seq' in e

export function createQueueEngine(options: QueueEngineOptions): QueueEngine {
  const clock = options.clock ?? systemClock
  const model = options.model ?? createHallModel(options.hall, options.catalogue, options)
  const state = options.state ?? initialState(model, clock.now())
  return engineOver(model, state, clock, options.enforceHours === true)
}

function engineOver(
  model: HallModel,
  state: QueueState,
  clock: Clock,
  enforceHours: boolean,
): QueueEngine {
  const context = (ctx: ExecuteContext = {}): DecideContext => ({
    enforceHours,
    ...ctx,
    now: ctx.now ?? clock.now(),
  })
  const engine: QueueEngine = {
    model,
    clock,
    state,
    decide: (request, ctx) => decide(state, request, context(ctx)),
    execute(request, ctx) {
      const c = context(ctx)
      const decision = decide(state, request, c)
      if (decision.ok) for (const e of decision.events) applyEvent(state, e, c.now)
      return decision
    },
    apply(events, at) {
      for (const e of events) {
        if (isEnvelope(e)) applyEnvelope(state, e)
        else applyEvent(state, e, at ?? clock.now())
      }
    },
    clone: (opts = {}) =>
      engineOver(model, cloneState(state, opts), opts.clock ?? clock, enforceHours),
    next: (window) => nextForWindow(state, window),
    ahead(ticket) {
      const t = findTicket(state, ticket)
      return t === undefined ? undefined : aheadOf(state, t)
    },
    waiting: (categories) => waitingTickets(state, categories),
    estimate: (item, priority) => estimateItemWait(state, item, clock.now(), priority),
    status: (ticket) => ticketStatus(state, ticket, clock.now()),
  }
  return engine
}
