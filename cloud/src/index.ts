/**
 * The cloud scheduler: intake of every hall's events from NATS JetStream, projections in Redis,
 * the command sender and RPC client towards the halls, BullMQ jobs and the HTTP API.
 */
export * from './auth/index.js'
export { type Cloud, type CloudPlugin, type CreateCloudOptions, createCloud } from './cloud.js'
export { type CommandSender, createCommandSender, newCommandId } from './commands/sender.js'
export { CloudConfig, type CloudConfigInput, resolveConfig } from './config.js'
export * from './console/index.js'
export {
  type District,
  type DistrictSite,
  emptyDistrict,
  loadDistrict,
  sampleDistrictPath,
} from './district/district.js'
export { buildHttp } from './http/server.js'
export { checkEventMessage, REJECT_REASONS, type RejectReason } from './intake/check-message.js'
export { type AppliedBatch, Intake, type IntakeEvents } from './intake/intake.js'
export { DEFAULT_INTAKE, type IntakeSettings } from './intake/settings.js'
export { closeDay, type DistrictDay, districtDay } from './jobs/end-of-day.js'
export { JOB_NAMES, type JobName, type JobProcessor, type Jobs } from './jobs/jobs.js'
export { type CloudMetrics, createCloudMetrics } from './metrics.js'
export {
  authorizationConfig,
  type CloudUser,
  type EdgeUser,
  edgeInboxPrefix,
  edgePermissions,
  newEdgeKey,
} from './nats/auth-config.js'
export { ensureCommandConsumer, eventConsumerName, resetEventConsumer } from './nats/consumers.js'
export { ensureStreams } from './nats/streams.js'
export { ownerOf, sitesOf } from './ownership/assign.js'
export { Ownership, type OwnershipEvents } from './ownership/ownership.js'
export { Changes } from './projections/changes.js'
export { APPLIERS, applyEvent } from './projections/dispatch.js'
export { DURATION_BUCKETS_MIN, dayFigures, FIGURE } from './projections/figures.js'
export { type RedisKeys, redisKeys } from './projections/keys.js'
export { localTime } from './projections/local-time.js'
export {
  createProjectionReader,
  type HistoryQuery,
  type ProjectionReader,
} from './projections/reader.js'
export {
  type ApplyContext,
  emptySiteState,
  type SiteState,
  type TicketRecord,
} from './projections/state.js'
export { createRpcClient, type RpcClient } from './rpc/client.js'
