import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** The agent's Prometheus metrics, on a registry of its own (several agents may share a process). */
export interface EdgeMetrics {
  readonly registry: Registry
  /** Requests by op and outcome code (`OK` or the error code). */
  requests: Counter<'op' | 'code' | 'via'>
  /** Take: request received → answer handed to the broker, seconds. */
  takeSeconds: Histogram<'via'>
  /** Call: request received → window screen's show command handed to the broker, seconds. */
  callSeconds: Histogram<'via'>
  /** One journal transaction (group commit), seconds. */
  commitSeconds: Histogram
  /** Requests decided per journal transaction. */
  batchSize: Histogram
  seq: Gauge
  devicesConnected: Gauge
  devicesOnline: Gauge
  linkConnected: Gauge
  linkBehindEvents: Gauge
  linkBehindSeconds: Gauge
  commands: Counter<'type'>
  commandsDropped: Counter<'type' | 'reason'>
  refused: Counter<'what'>
  printFailures: Counter<'fault'>
}

const LATENCY = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

export function createEdgeMetrics(site: string): EdgeMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ site })
  collectDefaultMetrics({ register: registry, prefix: 'qms_edge_process_' })
  const registers = [registry]
  return {
    registry,
    requests: new Counter({
      name: 'qms_edge_requests_total',
      help: 'Requests by op and outcome code',
      labelNames: ['op', 'code', 'via'],
      registers,
    }),
    takeSeconds: new Histogram({
      name: 'qms_edge_take_seconds',
      help: 'Take: request received to answer published',
      labelNames: ['via'],
      buckets: LATENCY,
      registers,
    }),
    callSeconds: new Histogram({
      name: 'qms_edge_call_seconds',
      help: 'Call: request received to window screen command published',
      labelNames: ['via'],
      buckets: LATENCY,
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'qms_edge_journal_commit_seconds',
      help: 'Journal transaction (group commit) time',
      buckets: LATENCY,
      registers,
    }),
    batchSize: new Histogram({
      name: 'qms_edge_journal_batch_requests',
      help: 'Requests decided per journal transaction',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    seq: new Gauge({ name: 'qms_edge_journal_seq', help: 'Last committed event seq', registers }),
    devicesConnected: new Gauge({
      name: 'qms_edge_devices_connected',
      help: 'MQTT connections to the embedded broker',
      registers,
    }),
    devicesOnline: new Gauge({
      name: 'qms_edge_devices_online',
      help: 'Devices whose status says online',
      registers,
    }),
    linkConnected: new Gauge({
      name: 'qms_edge_link_connected',
      help: '1 when the uplink to the cloud is connected',
      registers,
    }),
    linkBehindEvents: new Gauge({
      name: 'qms_edge_link_behind_events',
      help: 'Events journaled but not acknowledged by the cloud',
      registers,
    }),
    linkBehindSeconds: new Gauge({
      name: 'qms_edge_link_behind_seconds',
      help: 'Age of the oldest event not acknowledged by the cloud',
      registers,
    }),
    commands: new Counter({
      name: 'qms_edge_commands_total',
      help: 'Cloud commands applied, by type',
      labelNames: ['type'],
      registers,
    }),
    commandsDropped: new Counter({
      name: 'qms_edge_commands_dropped_total',
      help: 'Cloud commands dropped: expired, for another hall, or invalid',
      labelNames: ['type', 'reason'],
      registers,
    }),
    refused: new Counter({
      name: 'qms_edge_broker_refused_total',
      help: 'Refused logins, publishes and subscriptions',
      labelNames: ['what'],
      registers,
    }),
    printFailures: new Counter({
      name: 'qms_edge_print_failures_total',
      help: 'Tickets that could not be printed, by fault',
      labelNames: ['fault'],
      registers,
    }),
  }
}
