/** The hall's link to the cloud over NATS JetStream (docs/uplink.md). */
export { createLinkReporter, type LinkReporter } from './link-state.js'
export { type UplinkMetrics, uplinkMetrics } from './metrics.js'
export {
  createOutbox,
  type Outbox,
  type OutboxOptions,
  type OutboxStatus,
  type PublishEvent,
  PublishFailure,
} from './outbox.js'
export { jetStreamPublisher, publishFailureReason } from './publisher.js'
export { addRange, createReplayer, type Replayer } from './replay.js'
export { readSeedFile } from './seed.js'
export {
  createUplink,
  UPLINK_DEFAULTS,
  type Uplink,
  type UplinkHall,
  type UplinkOptions,
  type UplinkStatus,
  type UplinkTuning,
} from './uplink.js'
