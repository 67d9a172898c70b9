import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/*
 * The cloud's Prometheus metrics, on a registry of its own (several clouds in one process, as in
 * tests, do not collide). Names follow Prometheus conventions: base units, `_total` counters.
 */

export interface CloudMetrics {
  registry: Registry
  eventsApplied: Counter<'type'>
  eventsRejected: Counter<'reason'>
  eventsDuplicate: Counter
  eventsSkipped: Counter
  eventsHeld: Gauge
  lag: Histogram
  batchSize: Histogram
  writeSeconds: Histogram
  ownedSites: Gauge
  members: Gauge
  consumerPending: Gauge<'site'>
  gapsOpen: Gauge
  replayRequests: Counter<'result'>
  siteRestarts: Counter<'reason'>
  commandsSent: Counter<'type'>
  rpcRequests: Counter<'op' | 'result'>
}

export function createCloudMetrics(
  opts: { defaultMetrics?: boolean; labels?: Record<string, string> } = {},
): CloudMetrics {
  const registry = new Registry()
  if (opts.labels !== undefined) registry.setDefaultLabels(opts.labels)
  if (opts.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: 'qms_cloud_' })
  const registers = [registry]
  return {
    registry,
    eventsApplied: new Counter({
      name: 'qms_cloud_events_applied_total',
      help: 'Hall events applied to the projections, by event type',
      labelNames: ['type'],
      registers,
    }),
    eventsRejected: new Counter({
      name: 'qms_cloud_events_rejected_total',
      help: 'Messages on the event stream refused and never applied, by reason',
      labelNames: ['reason'],
      registers,
    }),
    eventsDuplicate: new Counter({
      name: 'qms_cloud_events_duplicate_total',
      help: 'Events received again after they were applied (skipped by their seq)',
      registers,
    }),
    eventsSkipped: new Counter({
      name: 'qms_cloud_events_skipped_total',
      help: 'Missing events passed over because the hall could no longer replay them',
      registers,
    }),
    eventsHeld: new Gauge({
      name: 'qms_cloud_events_held',
      help: 'Events received ahead of a gap, held until the gap is filled',
      registers,
    }),
    lag: new Histogram({
      name: 'qms_cloud_projection_lag_seconds',
      help: 'From an event’s timestamp at the hall to its write into the projections',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers,
    }),
    batchSize: new Histogram({
      name: 'qms_cloud_apply_batch_events',
      help: 'Events per write round trip to Redis',
      buckets: [1, 5, 10, 50, 100, 500, 1000, 5000, 20000],
      registers,
    }),
    writeSeconds: new Histogram({
      name: 'qms_cloud_apply_write_seconds',
      help: 'Time of one write round trip to Redis',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    ownedSites: new Gauge({
      name: 'qms_cloud_owned_sites',
      help: 'Halls whose events this instance applies',
      registers,
    }),
    members: new Gauge({
      name: 'qms_cloud_members',
      help: 'Live cloud instances sharing the halls',
      registers,
    }),
    consumerPending: new Gauge({
      name: 'qms_cloud_consumer_pending',
      help: 'Events of an owned hall in the stream not yet applied',
      labelNames: ['site'],
      registers,
    }),
    gapsOpen: new Gauge({
      name: 'qms_cloud_gaps_open',
      help: 'Owned halls waiting for a replay to fill a gap in their sequence',
      registers,
    }),
    replayRequests: new Counter({
      name: 'qms_cloud_replay_requests_total',
      help: 'Replay requests sent to halls, by result',
      labelNames: ['result'],
      registers,
    }),
    siteRestarts: new Counter({
      name: 'qms_cloud_site_restarts_total',
      help: 'Times a hall’s intake was restarted from its checkpoint, by reason',
      labelNames: ['reason'],
      registers,
    }),
    commandsSent: new Counter({
      name: 'qms_cloud_commands_sent_total',
      help: 'Commands published to halls, by type',
      labelNames: ['type'],
      registers,
    }),
    rpcRequests: new Counter({
      name: 'qms_cloud_rpc_requests_total',
      help: 'Requests to halls, by op and result (ok, error code)',
      labelNames: ['op', 'result'],
      registers,
    }),
  }
}
