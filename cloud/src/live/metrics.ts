import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/* The live cloud's metrics, on the cloud's registry. */

export interface LiveMetrics {
  halls: Gauge
  refreshSeconds: Histogram
  predictSeconds: Histogram
  refreshes: Counter<'result'>
  eventToCommand: Histogram
  alertsRaised: Counter<'rule' | 'level'>
  alertsEscalated: Counter<'rule'>
  alertsClosed: Counter<'how'>
  alertsOpen: Gauge
  alertAckSeconds: Histogram
  handoffs: Counter<'result'>
  virtualTickets: Counter<'result'>
  rateLimited: Counter<'bucket'>
  sseClients: Gauge
}

export function createLiveMetrics(registry: Registry): LiveMetrics {
  const r = [registry]
  const m: LiveMetrics = {
    halls: new Gauge({ name: 'qms_cloud_live_halls', help: 'Halls mirrored live', registers: r }),
    refreshSeconds: new Histogram({
      name: 'qms_cloud_live_refresh_seconds',
      help: 'A hall refresh from its start to the predictions command stored',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
      registers: r,
    }),
    predictSeconds: new Histogram({
      name: 'qms_cloud_live_predict_seconds',
      help: 'The forward simulation of a hall refresh (in its worker)',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4],
      registers: r,
    }),
    refreshes: new Counter({
      name: 'qms_cloud_live_refreshes_total',
      help: 'Hall refreshes by result',
      labelNames: ['result'],
      registers: r,
    }),
    eventToCommand: new Histogram({
      name: 'qms_cloud_live_event_to_predictions_seconds',
      help: 'From an event reaching the mirror to the predictions that saw it stored for the hall',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
      registers: r,
    }),
    alertsRaised: new Counter({
      name: 'qms_cloud_alerts_raised_total',
      help: 'Busy-window alerts raised',
      labelNames: ['rule', 'level'],
      registers: r,
    }),
    alertsEscalated: new Counter({
      name: 'qms_cloud_alerts_escalated_total',
      help: 'Alerts escalated for want of an acknowledgement',
      labelNames: ['rule'],
      registers: r,
    }),
    alertsClosed: new Counter({
      name: 'qms_cloud_alerts_closed_total',
      help: 'Alerts closed: resolved by a manager, or cleared when the condition went away',
      labelNames: ['how'],
      registers: r,
    }),
    alertsOpen: new Gauge({
      name: 'qms_cloud_alerts_open',
      help: 'Open alerts of the halls this instance evaluates',
      registers: r,
    }),
    alertAckSeconds: new Histogram({
      name: 'qms_cloud_alert_ack_seconds',
      help: 'From an alert raised to its acknowledgement',
      buckets: [10, 30, 60, 120, 300, 600, 1200, 3600],
      registers: r,
    }),
    handoffs: new Counter({
      name: 'qms_cloud_handoffs_total',
      help: 'Ticket hand-offs between halls by result',
      labelNames: ['result'],
      registers: r,
    }),
    virtualTickets: new Counter({
      name: 'qms_cloud_virtual_tickets_total',
      help: 'Numbers taken from phones by result',
      labelNames: ['result'],
      registers: r,
    }),
    rateLimited: new Counter({
      name: 'qms_cloud_rate_limited_total',
      help: 'Public requests refused by the rate limit',
      labelNames: ['bucket'],
      registers: r,
    }),
    sseClients: new Gauge({
      name: 'qms_cloud_live_feeds',
      help: 'Live ticket feeds open on this instance',
      registers: r,
    }),
  }
  return m
}
