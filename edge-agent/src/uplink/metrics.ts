import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/**
 * The uplink's Prometheus metrics, on the agent's registry beside its link gauges
 * (`qms_edge_link_connected`, `qms_edge_link_behind_events`, `qms_edge_link_behind_seconds`).
 */
export interface UplinkMetrics {
  /** Events handed to JetStream, resends included. */
  published: Counter
  /** PubAcks received; `duplicate="true"` when JetStream already had the message id. */
  acked: Counter<'duplicate'>
  /** Publishes that failed (timeout, no stream, not connected…), by reason. */
  publishFailures: Counter<'reason'>
  /** Publish → PubAck, seconds. */
  ackSeconds: Histogram
  /** Publishes waiting for their PubAck. */
  inFlight: Gauge
  /** The link came back after it was lost (nats.js reconnects and fresh connections). */
  reconnects: Counter
  /** Replay requests from the cloud, by result. */
  replays: Counter<'result'>
  /** Events published again for replay requests. */
  replayed: Counter
  /** Requests from the cloud, by op and result (`ok` or the error code). */
  rpc: Counter<'op' | 'result'>
  /** Commands pulled, by result (`applied`, the drop's code, `retry`, `failed`). */
  commands: Counter<'result'>
}

const ACK = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

/** Creates the metrics on `registry`, or returns those already there (one uplink per agent). */
export function uplinkMetrics(registry: Registry): UplinkMetrics {
  const registers = [registry]
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames, registers })
  return {
    published: counter('qms_edge_uplink_published_total', 'Events published to JetStream'),
    acked: counter('qms_edge_uplink_acked_total', 'PubAcks received', ['duplicate']),
    publishFailures: counter(
      'qms_edge_uplink_publish_failures_total',
      'Event publishes that failed, by reason',
      ['reason'],
    ),
    ackSeconds:
      existing<Histogram>('qms_edge_uplink_ack_seconds') ??
      new Histogram({
        name: 'qms_edge_uplink_ack_seconds',
        help: 'Event publish to PubAck',
        buckets: ACK,
        registers,
      }),
    inFlight:
      existing<Gauge>('qms_edge_uplink_in_flight') ??
      new Gauge({
        name: 'qms_edge_uplink_in_flight',
        help: 'Event publishes waiting for their PubAck',
        registers,
      }),
    reconnects: counter('qms_edge_uplink_reconnects_total', 'Times the link to NATS came back'),
    replays: counter('qms_edge_uplink_replays_total', 'Replay requests from the cloud', ['result']),
    replayed: counter('qms_edge_uplink_replayed_events_total', 'Events published again on request'),
    rpc: counter('qms_edge_uplink_rpc_total', 'Requests from the cloud by op and result', [
      'op',
      'result',
    ]),
    commands: counter('qms_edge_uplink_commands_total', 'Cloud commands pulled, by result', [
      'result',
    ]),
  }
}
