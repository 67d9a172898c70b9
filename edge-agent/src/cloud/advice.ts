import type { CloudCommandOf, Guidance, WaitPrediction } from '@qms/protocol'

/*
 * What the cloud advises the hall: guidance for people, predicted waits, diversion, 掌办 links.
 * Advice is optional: the hall works without it, and stale predictions give way to the local
 * estimate.
 */

export interface CloudAdviceOptions {
  /** How long a prediction is used after it was made (default 3 minutes). */
  predictionTtlMs?: number
}

export interface CloudAdvice {
  setGuidance(items: Guidance[]): void
  setPredictions(data: CloudCommandOf<'predictions'>['data']): void
  setDiversion(on: boolean): void
  setOnlineLinks(links: Array<{ item: string; url: string }>): void
  /** The cloud's wait for a newcomer to an item, while fresh. */
  itemWait(item: string, now: number): WaitPrediction | undefined
  /** The cloud's wait for a waiting ticket, while fresh. */
  ticketWait(ticket: string, now: number): WaitPrediction | undefined
  /** Guidance still valid now, for the hall screen. */
  hallGuidance(now: number): Guidance[]
  /** Guidance for a person taking a number for an item of a category (hall-wide advice too). */
  guidanceFor(item: string, category: string, now: number): Guidance[]
  diversion(): boolean | undefined
  /** The 掌办 link of an item as the cloud set it, if it did. */
  onlineUrl(item: string): string | undefined
}

export function createCloudAdvice(options: CloudAdviceOptions = {}): CloudAdvice {
  const ttl = options.predictionTtlMs ?? 180_000
  let guidance: Guidance[] = []
  let madeAt = Number.NEGATIVE_INFINITY
  let items = new Map<string, WaitPrediction>()
  let tickets = new Map<string, WaitPrediction>()
  let diversion: boolean | undefined
  let links = new Map<string, string>()
  const valid = (g: Guidance, now: number) => g.until === undefined || Date.parse(g.until) > now
  const fresh = (now: number) => now - madeAt <= ttl
  const cloud = (w: WaitPrediction | undefined): WaitPrediction | undefined =>
    w === undefined ? undefined : { ...w, source: 'cloud' }
  return {
    setGuidance(list) {
      guidance = list
    },
    setPredictions(data) {
      madeAt = Date.parse(data.at)
      items = new Map(data.items.map((p) => [p.item, p.wait]))
      tickets = new Map(data.tickets.map((p) => [p.ticket, p.wait]))
    },
    setDiversion(on) {
      diversion = on
    },
    setOnlineLinks(list) {
      links = new Map(list.map((l) => [l.item, l.url]))
    },
    itemWait: (item, now) => (fresh(now) ? cloud(items.get(item)) : undefined),
    ticketWait: (ticket, now) => (fresh(now) ? cloud(tickets.get(ticket)) : undefined),
    hallGuidance: (now) => guidance.filter((g) => valid(g, now)).slice(0, 16),
    guidanceFor: (item, category, now) =>
      guidance.filter(
        (g) =>
          valid(g, now) &&
          (g.item === undefined || g.item === item) &&
          (g.category === undefined || g.category === category) &&
          (g.item !== undefined ||
            g.category !== undefined ||
            g.kind === 'notice' ||
            g.kind === 'hall'),
      ),
    diversion: () => diversion,
    onlineUrl: (item) => links.get(item),
  }
}
