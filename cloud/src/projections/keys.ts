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
