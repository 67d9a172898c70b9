import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type LoadedScenario, type RunResult, resolveScenario, runLive } from '@qms/firmware-sim'
import type { HallConfig } from '@qms/protocol'

/*
 * Arrivals at a sped-up pace: the simulator's live runner plays a scenario day — people taking
 * numbers at the kiosk, clerks calling, serving, pausing for lunch — against the running halls
 * through their MQTT devices, `speed` times faster than real time; then the next day, with the
 * next seed, until stopped. The halls decide everything; this only presses buttons.
 */

export interface TrafficOptions {
  /** The scenario file (its `sites` are narrowed to the halls given). */
  scenarioFile: string
  /** Halls to play, with the devices each may use (id → token). */
  halls: ReadonlyMap<string, ReadonlyMap<string, string>>
  /** The broker URL of a running hall. */
  brokerOf(site: string): string
  speed: number
  seed?: number
}

export interface TrafficProgress {
  day: number
  /** Scenario time (the halls' local time of the simulated day), epoch ms. */
  now: number
  people: number
  events: number
}

export interface TrafficEvents {
  progress: [TrafficProgress]
  /** A simulated day ended. */
  day: [{ day: number; result: RunResult }]
  error: [Error]
}

export class Traffic extends EventEmitter<TrafficEvents> {
  private readonly controller = new AbortController()
  private running: Promise<void> | undefined
  private stopping: Promise<void> | undefined
  day = 0
  last: TrafficProgress | undefined

  constructor(
    private readonly options: TrafficOptions,
    private readonly scenario: LoadedScenario,
  ) {
    super()
  }

  start(): void {
    this.running ??= this.loop()
  }

  private async loop() {
    const { signal } = this.controller
    const seed = this.options.seed ?? this.scenario.scenario.seed
    // A day that does not end by itself (a ticket someone else called keeps a visit open)
    // is cut off after a whole day of scenario time.
    const capMs = (24 * 3_600_000) / this.options.speed
    while (!signal.aborted) {
      const day = new AbortController()
      const cap = setTimeout(() => day.abort(), capMs)
      const onStop = () => day.abort()
      signal.addEventListener('abort', onStop)
      try {
        const result = await runLive({
          scenario: this.scenario,
          seed: seed + this.day,
          speed: this.options.speed,
          brokerOf: (hall: HallConfig) => this.options.brokerOf(hall.id),
          tokensOf: (hall: HallConfig) => new Map(this.options.halls.get(hall.id) ?? []),
          signal: day.signal,
          onProgress: (p) => {
            this.last = { day: this.day, now: p.now, people: p.people, events: p.events }
            this.emit('progress', this.last)
          },
        })
        if (!signal.aborted) this.emit('day', { day: this.day, result })
      } catch (err) {
        this.emit('error', err as Error)
        await sleep(5000, undefined, { signal }).catch(() => undefined)
      } finally {
        clearTimeout(cap)
        signal.removeEventListener('abort', onStop)
      }
      this.day++
    }
  }

  /** Stops the arrivals: the run in progress ends and its devices disconnect. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.controller.abort()
      await this.running
    })()
    return this.stopping
  }
}

/** Reads the scenario and narrows it to the halls given; throws with every problem listed. */
export function loadTrafficScenario(file: string, sites: readonly string[]): LoadedScenario {
  const path = resolve(file)
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { sites?: string[] }
  const wanted = new Set(sites)
  raw.sites = (raw.sites ?? [...wanted]).filter((s) => wanted.has(s))
  if (raw.sites.length === 0) throw new Error(`${file}: none of its halls runs here`)
  const loaded = resolveScenario(raw, { baseDir: dirname(path), label: file })
  if (!loaded.ok)
    throw new Error(`${file}: ${loaded.issues.map((i) => `${i.path} ${i.reason}`).join('; ')}`)
  return loaded.value
}
