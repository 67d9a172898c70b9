/**
 * The rules of a hall's queue: numbering, who is called next, priorities and their cap,
 * transfers, parking, recalls, the day's rollover, people ahead and the local wait estimate.
 * Pure and deterministic: no I/O, no timers, no clock of its own. Requests are decided into
 * events; events are applied to the state; replaying the events rebuilds the state exactly.
 * The edge agent, the simulator and the cloud's predictor all use these same rules.
 */
export { applyEnvelope, applyEvent } from './apply.js'
export { decide } from './decide/index.js'
export { onlineGuidance } from './decide/take.js'
export {
  createQueueEngine,
  type ExecuteContext,
  type QueueEngine,
  type QueueEngineOptions,
} from './engine.js'
export {
  estimateCategoryWait,
  estimateItemWait,
  estimateTicketWait,
  meanMinutes,
} from './estimate.js'
export {
  isValidTimeZone,
  isWithinHours,
  localDayOf,
  nextLocalMidnight,
  startOfLocalDay,
} from './local-time.js'
export {
  createHallModel,
  DEFAULT_RULES,
  DEFAULT_TIME_ZONE,
  fnv1a64,
  type HallModel,
  type HallModelOptions,
  type QueueRules,
  type WindowModel,
} from './model.js'
export {
  aheadOf,
  aheadOfNewcomer,
  isPriority,
  nextForWindow,
  ranksBefore,
  waitingTickets,
} from './rank.js'
export type {
  CancelRequest,
  DecideContext,
  Decision,
  EventDraft,
  HandoffDoneRequest,
  InternalRequest,
  IssueRequest,
  QueueOp,
  QueueRequest,
  QueueResultOf,
  RolloverRequest,
  RolloverResult,
} from './requests.js'
export {
  type CallRecord,
  type CloneOptions,
  cloneState,
  findTicket,
  formatTicket,
  type ItemStats,
  initialState,
  MAX_TICKET_NUMBER,
  type QueueState,
  type TicketRecord,
  type WindowRecord,
} from './state.js'
export {
  callEntries,
  iso,
  offeredCategories,
  queueEntries,
  ticketStatus,
  ticketView,
  windowEntries,
  windowStateOf,
} from './views.js'
