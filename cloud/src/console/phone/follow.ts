import { backoffDelay } from '@qms/hall-display/backoff'

/*
 * Following a ticket without a live feed: ask again every few seconds — sooner when the turn is
 * near, since a call must show within seconds — and back off after failures (a phone on a weak
 * network, a cloud restarting), up to a minute, with jitter so that many phones do not return at
 * once.
 */

export interface PollPlan {
  /** Delay after a good answer, ms. */
  okMs: number
  /** Delay after `failures` failed answers in a row, ms. */
  afterFailureMs(failures: number): number
}

export function pollPlan(
  phase: 'waiting' | 'near' | 'called' | 'serving' | 'ended' | 'moved' | undefined,
  random: () => number = Math.random,
): PollPlan {
  const okMs = phase === 'near' || phase === 'called' ? 2_000 : 5_000
  return {
    okMs,
    afterFailureMs: (failures) =>
      backoffDelay(failures, { initialMs: 2_000, maxMs: 60_000, factor: 2, jitter: 0.3 }, random),
  }
}

/**
 * One id per take intent: a double tap, or a retry after a lost answer, sends the same `reqId`,
 * and the hall answers a repeated id with its first ticket. A new intent (another item or hall)
 * gets a new id.
 */
export function createTakeIntent(newId: () => string) {
  let key: string | undefined
  let id: string | undefined
  return {
    reqIdFor(intent: { item: string; site?: string | undefined }): string {
      const k = `${intent.site ?? '*'}|${intent.item}`
      if (k !== key || id === undefined) {
        key = k
        id = newId()
      }
      return id
    },
    /** The intent got its ticket: the next take is a new one. */
    done(): void {
      key = undefined
      id = undefined
    },
  }
}
