/** Tuning of the intake, with its defaults. */
export interface IntakeSettings {
  /** Messages a hall's consumer may deliver ahead of the writer before it waits. */
  maxBuffer: number
  /** Messages asked for per pull request. */
  pullBatch: number
  /** Events of one hall in one write (one run of the apply script; Redis runs it alone). */
  maxBatchPerSite: number
  /** Events in one write round trip, all halls together. */
  maxBatch: number
  /** Write round trips on their way at once: the next batch is prepared while Redis runs one. */
  maxInFlight: number
  /** Events held ahead of a gap in memory; more are read again from the stream once it fills. */
  maxHeld: number
  /**
   * A seq this far ahead of the last applied one is refused as SEQ_FROM_FUTURE at once (a hall
   * with applied events never jumps like this; its outbox sends in order).
   */
  maxSeqJump: number
  /** First wait before asking a hall again to replay a gap; doubles up to replayRetryMaxMs. */
  replayRetryMs: number
  replayRetryMaxMs: number
  /** Time a hall has to answer a replay request. */
  replayTimeoutMs: number
  /** First wait before restarting a hall whose intake failed; doubles up to restartMaxMs. */
  restartMs: number
  restartMaxMs: number
  /** Entries kept in a hall's history stream. */
  historyMaxLen: number
  /** Days a hall's daily figures are kept. */
  dayTtlDays: number
}

export const DEFAULT_INTAKE: IntakeSettings = {
  maxBuffer: 5000,
  pullBatch: 1000,
  maxBatchPerSite: 2000,
  maxBatch: 4000,
  maxInFlight: 2,
  maxHeld: 10_000,
  maxSeqJump: 100_000,
  replayRetryMs: 2000,
  replayRetryMaxMs: 30_000,
  replayTimeoutMs: 2000,
  restartMs: 500,
  restartMaxMs: 15_000,
  historyMaxLen: 50_000,
  dayTtlDays: 400,
}
