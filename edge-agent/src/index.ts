/**
 * The hall's edge agent: the authority for one hall's queue. `createEdgeAgent` builds and starts
 * it; the queue rules alone are `@qms/edge-agent/queue`.
 */
export { createEdgeAgent, type EdgeAgent, type EdgeAgentOptions } from './agent.js'
export type { DeviceBus } from './broker/bus.js'
export { setNoDelay } from './broker/external.js'
export type { CommandReply, EdgeRpcOp } from './cloud/hooks.js'
export { startUplink } from './cloud/uplink-module.js'
export {
  type ConfigProblem,
  defaultCatalogueFile,
  type EdgeEnv,
  type EdgeSettings,
  ENV_OVERRIDES,
  formatProblems,
  loadEdgeSettings,
} from './config/index.js'
export type { PrinterFactory, PrintOutcome, TicketPrinterLike } from './devices/printing.js'
export { hashToken } from './devices/registry.js'
export { registerStaticFolder } from './http/static.js'
export {
  type AnswerRow,
  type Journal,
  type JournalReader,
  openJournal,
  type PendingEvent,
  type SyncMode,
} from './journal/index.js'
export type { EdgeMetrics } from './metrics.js'
export {
  createOutbox,
  createUplink,
  jetStreamPublisher,
  type Outbox,
  type OutboxStatus,
  type PublishEvent,
  UPLINK_DEFAULTS,
  type Uplink,
  type UplinkHall,
  type UplinkOptions,
  type UplinkStatus,
  type UplinkTuning,
} from './uplink/index.js'
