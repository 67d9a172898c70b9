/*
 * Every Redis key the cloud uses is built here, as BullMQ keeps all of its keys in one class: no
 * call site glues a key by hand, and a prefix separates districts and tests sharing one Redis.
 *
 * A hall's keys carry its id in a hash tag (`{st-07}`), so one hall's projection, checkpoint and
 * lease share a Redis Cluster slot and the apply script may touch them atomically.
 */

export interface RedisKeys {
  readonly prefix: string
  /** Set of every hall with at least one applied event. */
  readonly sites: string
  /** Hash: seq (last applied), stream (JetStream seq to resume from), applied, skipped, ts. */
  checkpoint(site: string): string
  /** Hash: name, kind, timezone, configHash, items, day, calls (JSON). */
  info(site: string): string
  /** Hash: window no → WindowLive JSON. */
  windows(site: string): string
  /** Hash: ticket no → open ticket record JSON (waiting, parked, called, serving). */
  tickets(site: string): string
  /** Hash: device id → DeviceLive JSON. */
  devices(site: string): string
  /** Hash: the hall's link as last observed (not rebuilt from the stream: it is observed now). */
  link(site: string): string
  /** Hash: rejected messages on the hall's subject, by reason. */
  rejected(site: string): string
  /** Hash of counters and sums: the hall's figures of one local day. */
  day(site: string, day: string): string
  /** Stream of finished tickets (TicketHistoryEntry JSON in field `r`), capped. */
  history(site: string): string
  /** String: the instance id that applies this hall's events, with a time to live. */
  lease(site: string): string
  /** Sorted set: live cloud instances, scored by when their membership expires. */
  readonly members: string
  /** String: the district's summary of one day (JSON), written by the end-of-day job. */
  districtDay(day: string): string
  /** Prefix handed to BullMQ for its queues. */
  readonly bullPrefix: string
  /** Every key of one hall's projection (not its lease or link), for tests and tools. */
  siteProjection(site: string): string[]
  /** The live cloud's keys (predictions, guidance, hand-offs, alerts); not rebuilt from the stream. */
  readonly live: LiveKeys
}

/*
 * The live cloud's keys. What the owner of a hall learns and predicts is kept here so that the
 * next owner continues it and every instance can answer the public API; none of it is a
 * projection of the stream (lose it and predictions start learning again).
 */
export interface LiveKeys {
  /** String: what the predictor learned of the hall, `{seq, stats, calibration}` JSON. */
  learned(site: string): string
  /** String: the hall's latest predictions for newcomers per item (JSON). */
  predictions(site: string): string
  /** Hash: ticket → its status now (JSON), per local day; expires after two days. */
  status(site: string, day: string): string
  /** Hash: ticket → the prediction a waiting ticket was given at issue (JSON). */
  issued(site: string): string
  /** Stream: predicted against actual waits at the first call (field `r`), capped. */
  accuracy(site: string): string
  /** Hash: per hour of a local day, counters for the trend charts. */
  hours(site: string, day: string): string
  /** String: the last event seq counted into `hours` and `accuracy` (exactly once). */
  counted(site: string): string
  /** String: the hall's balance figures for the balancer (JSON), written at each refresh. */
  balance(site: string): string
  /** Hash: the hall's guidance settings: `diversion`, `manual` (JSON), `sent` (hash of the last). */
  guidance(site: string): string
  /** Sorted set: people advised to go to this hall, scored by when they should arrive. */
  pending(site: string): string
  /** String: the hall's configuration as its edge last announced it (`site.config` data). */
  hallConfig(site: string): string
  /** Pub/sub channel: the hall's ticket statuses changed (payload: the tickets, JSON). */
  changed(site: string): string
  /** Pub/sub channel: ask every instance to refresh its halls. */
  readonly refreshAll: string
  /** String: one alert with its life (JSON). */
  alert(id: string): string
  /** Hash: the hall's alerts not yet closed (or resolved while their condition holds): key → id. */
  alertsOpen(site: string): string
  /** Sorted set: the hall's alerts by when they were raised. */
  alertsOf(site: string): string
  /** Sorted set: every alert by when it was raised. */
  readonly alertsAll: string
  /** Hash: alerts counted per local day: `raised`, `raised:<rule>`, `ack`, `escalated`, … */
  alertsDay(day: string): string
  /** String: a hand-off by its request id (JSON), kept two days. */
  handoff(reqId: string): string
  /** String: the hall chosen for a phone's request id, kept a day. */
  choice(reqId: string): string
  /** String counter: requests of one caller in one window of a rate limit. */
  rate(bucket: string, caller: string, window: number): string
}

const PREFIX = /^[A-Za-z0-9_:.-]{0,64}$/

/** The keys under `prefix` (default `qms:`); the prefix ends with `:` by convention. */
export function redisKeys(prefix = 'qms:'): RedisKeys {
  if (!PREFIX.test(prefix))
    throw new TypeError(`invalid Redis key prefix ${JSON.stringify(prefix)}`)
  const site = (s: string, leaf: string) => `${prefix}site:{${s}}:${leaf}`
  const keys: RedisKeys = {
    prefix,
    sites: `${prefix}sites`,
    checkpoint: (s) => site(s, 'ckpt'),
    info: (s) => site(s, 'info'),
    windows: (s) => site(s, 'win'),
    tickets: (s) => site(s, 'tix'),
    devices: (s) => site(s, 'dev'),
    link: (s) => site(s, 'link'),
    rejected: (s) => site(s, 'rej'),
    day: (s, day) => site(s, `day:${day}`),
    history: (s) => site(s, 'hist'),
    lease: (s) => `${prefix}own:lease:{${s}}`,
    members: `${prefix}own:members`,
    districtDay: (day) => `${prefix}district:day:${day}`,
    bullPrefix: `${prefix}bull`,
    live: {
      learned: (s) => site(s, 'learned'),
      predictions: (s) => site(s, 'pred'),
      status: (s, day) => site(s, `tstat:${day}`),
      issued: (s) => site(s, 'ipred'),
      accuracy: (s) => site(s, 'acc'),
      hours: (s, day) => site(s, `hours:${day}`),
      counted: (s) => site(s, 'counted'),
      balance: (s) => site(s, 'bal'),
      guidance: (s) => site(s, 'guide'),
      pending: (s) => site(s, 'pending'),
      hallConfig: (s) => site(s, 'hallcfg'),
      changed: (s) => site(s, 'changed'),
      refreshAll: `${prefix}live:refresh`,
      alert: (id) => `${prefix}alert:${id}`,
      alertsOpen: (s) => site(s, 'alerts'),
      alertsOf: (s) => site(s, 'alog'),
      alertsAll: `${prefix}alerts:all`,
      alertsDay: (day) => `${prefix}alerts:day:${day}`,
      handoff: (reqId) => `${prefix}handoff:${reqId}`,
      choice: (reqId) => `${prefix}vt:${reqId}`,
      rate: (bucket, caller, window) => `${prefix}rl:${bucket}:${caller}:${window}`,
    },
    siteProjection: (s) => [
      keys.checkpoint(s),
      keys.info(s),
      keys.windows(s),
      keys.tickets(s),
      keys.devices(s),
      keys.history(s),
    ],
  }
  return keys
}
