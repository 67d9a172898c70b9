import type { BoothSensor, Evaluator, HallDevices } from '@qms/firmware-sim'
import type { HallSnapshot } from '@qms/protocol'

/*
 * The booth at each window, following what the hall's screens show: when a window starts serving
 * someone its presence sensor reports a person seated; when the service ends the person stands
 * up and, four times in five, presses the satisfaction pad (mostly 5s and 4s, as halls report).
 * It acts only through the sensor's and evaluator's own requests, like their firmware.
 */

export interface Booth {
  readonly presses: number
  readonly refused: number
  close(): void
}

/** Scores and their shares: 5 ★ 62%, 4 ★ 24%, 3 ★ 9%, 2 ★ 3%, 1 ★ 2%. */
const SCORES: ReadonlyArray<[number, number]> = [
  [5, 0.62],
  [4, 0.86],
  [3, 0.95],
  [2, 0.98],
  [1, 1],
]

export function scoreFor(u: number): number {
  return SCORES.find(([, upTo]) => u < upTo)?.[0] ?? 5
}

export function startBooth(devices: HallDevices, random: () => number = Math.random): Booth {
  const sensors = new Map<string, BoothSensor>()
  const pads = new Map<string, Evaluator>()
  for (const d of devices.devices) {
    if (d.kind === 'sensor') sensors.set((d as BoothSensor).window, d as BoothSensor)
    if (d.kind === 'evaluator') pads.set((d as Evaluator).window, d as Evaluator)
  }
  const watcher = devices.devices.find(
    (d) => d.kind === 'hall-display' || d.kind === 'window-display',
  )
  const serving = new Map<string, string>()
  let presses = 0
  let refused = 0
  const count = (p: Promise<{ ok: boolean }>) => {
    presses++
    p.then(
      (r) => {
        if (!r.ok) refused++
      },
      () => refused++,
    )
  }
  const onSnapshot = (snapshot: HallSnapshot) => {
    for (const w of snapshot.windows) {
      const before = serving.get(w.no)
      const now = w.state === 'serving' ? w.ticket : undefined
      if (before === now) continue
      if (before !== undefined) {
        serving.delete(w.no)
        const sensor = sensors.get(w.no)
        if (sensor?.online === true) count(sensor.presence(false))
        const pad = pads.get(w.no)
        if (pad?.online === true && random() < 0.8) count(pad.rate(before, scoreFor(random())))
      }
      if (now !== undefined) {
        serving.set(w.no, now)
        const sensor = sensors.get(w.no)
        if (sensor?.online === true) count(sensor.presence(true))
      }
    }
  }
  watcher?.on('snapshot', onSnapshot)
  return {
    get presses() {
      return presses
    },
    get refused() {
      return refused
    },
    close() {
      watcher?.off('snapshot', onSnapshot)
    },
  }
}
