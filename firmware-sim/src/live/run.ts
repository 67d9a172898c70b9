import { setTimeout as sleep } from 'node:timers/promises'
import type { HallConfig } from '@qms/protocol'
import type { Progress, RunResult } from '../accelerated/run.js'
import type { VisitRecord } from '../results/records.js'
import { summarize } from '../results/summary.js'
import type { LoadedScenario } from '../scenario/load.js'
import { peopleOf } from '../scenario/people.js'
import { planHallDay, settingsOf } from '../scenario/plan.js'
import { LiveHall } from './live-hall.js'
import { createScaledClock } from './scaled-clock.js'

/*
 * The live run: the scenario's people and staff drive simulated devices against running edge
 * agents, in scenario time sped up `speed` times. Same seed, same people as the accelerated run;
 * the queue decisions are the edges' own, over MQTT. Days run one after the other, each from its
 * first opening; the night in between is skipped.
 */

export interface LiveOptions {
  scenario: LoadedScenario
  seed?: number
  /** Scenario time per real time (default 1: real time). */
  speed?: number
  /** The broker URL of each hall. */
  brokerOf(hall: HallConfig): string
  /** The token of each device of a hall. */
  tokensOf(hall: HallConfig): ReadonlyMap<string, string>
  onProgress?(progress: Progress): void
  /** Real ms between progress reports (default 1 s). */
  progressMs?: number
  /** Real ms to wait for each answer before sending the request again (default 5 s). */
  requestTimeoutMs?: number
  /** Stops the run early (the results so far are returned). */
  signal?: AbortSignal
}

export async function runLive(options: LiveOptions): Promise<RunResult> {
  const started = performance.now()
  const { scenario, catalogue, halls } = options.scenario
  const seed = options.seed ?? scenario.seed
  const speed = options.speed ?? 1
  const settings = settingsOf(scenario, catalogue)
  const records: VisitRecord[] = []
  const onRecord = (r: VisitRecord) => records.push(r)
  const days = scenario.days.map((d) => d.date)
  const first = (dayIndex: number) =>
    Math.min(
      ...halls.map(
        (h) =>
          planHallDay(scenario, catalogue, h, dayIndex).open[0]?.[0] ?? Number.POSITIVE_INFINITY,
      ),
    )
  const clock = createScaledClock(first(0), speed)
  const live = halls.map(
    (hall) =>
      new LiveHall({
        hall,
        catalogue,
        url: options.brokerOf(hall),
        tokens: options.tokensOf(hall),
        clock,
        settings,
        onRecord,
        requestTimeoutMs: options.requestTimeoutMs,
      }),
  )
  const byId = new Map(live.map((l) => [l.site, l]))
  let events = 0
  const aborted = () => options.signal?.aborted === true
  try {
    await Promise.all(live.map((l) => l.connect()))
    for (let dayIndex = 0; dayIndex < days.length && !aborted(); dayIndex++) {
      let start = Number.POSITIVE_INFINITY
      let end = Number.NEGATIVE_INFINITY
      let people = 0
      let arrived = 0
      const arrivals: Array<{ cancel(): void }> = []
      const plans = halls.map((h) => planHallDay(scenario, catalogue, h, dayIndex))
      for (const p of plans)
        for (const [a, b] of p.open) {
          start = Math.min(start, a)
          end = Math.max(end, b)
        }
      if (!Number.isFinite(start)) continue
      clock.jump(start)
      for (const plan of plans) {
        const hall = byId.get(plan.site)!
        hall.planDay(plan.windows, plan.open)
        for (const person of peopleOf(plan, seed, settings)) {
          people++
          arrivals.push(
            clock.at(person.arrival, () => {
              arrived++
              events++
              void hall.take(person, {
                person: person.id,
                home: person.home,
                site: person.home,
                day: person.day,
                item: person.item,
                priority: person.priority,
                arrival: clock.now(),
                outcome: 'unserved',
                transfers: 0,
              })
            }),
          )
        }
      }
      const report = () =>
        options.onProgress?.({
          day: days[dayIndex]!,
          dayIndex,
          days: days.length,
          now: clock.now(),
          fraction: (dayIndex + (people === 0 ? 1 : arrived / people)) / days.length,
          events,
          people: arrived,
        })
      // The day is over once its hours are past, everyone has arrived and every hall is quiet.
      while (!aborted()) {
        await sleep(Math.min(options.progressMs ?? 1000, 200))
        report()
        if (clock.now() >= end && arrived === people && live.every((l) => l.quiet)) break
      }
      for (const a of arrivals) a.cancel()
      await Promise.all(live.map((l) => l.endDay()))
      report()
    }
  } finally {
    await Promise.all(live.map((l) => l.close()))
  }
  let anomalies = 0
  let lastAnomaly: string | undefined
  for (const l of live) {
    anomalies += l.anomalies
    lastAnomaly = l.lastAnomaly ?? lastAnomaly
  }
  const sites = halls.map((h) => h.id)
  return {
    mode: 'live',
    scenario: scenario.name,
    seed,
    policy: 'stay',
    predictors: [],
    days,
    sites,
    records,
    summary: summarize(records, sites),
    stats: { events, anomalies, lastAnomaly, wallMs: performance.now() - started },
  }
}
