import { readFileSync } from 'node:fs'
import {
  applyEvent,
  cloneState,
  createQueueEngine,
  decide,
  nextForWindow,
} from '@qms/edge-agent/queue'
import { type Catalogue, createManualClock, type HallConfig } from '@qms/protocol'
import { createBaselines } from '../src/predict/baselines/index.js'
import { createForwardPredictor } from '../src/predict/forward/predictor.js'
import { createHallStats } from '../src/predict/learn/hall-stats.js'
import type { PredictTarget } from '../src/predict/types.js'

/*
 * A refresh of the hub with 200 people waiting: every waiting ticket and a newcomer for every
 * item the hub offers, by the forward simulation, beside two baselines measured in the same run:
 * the engine alone playing the queue out once (clone, then call and complete every ticket: the
 * floor of one simulated run), and the skill-aware queue-length formula over the same targets.
 *
 *   npx tsx --conditions=@qms/source cloud/bench/predict-refresh.ts [waiting=200] [runs=200]
 */

const sample = new URL('../../protocol/sample/', import.meta.url)
const catalogue = JSON.parse(readFileSync(new URL('catalogue.json', sample), 'utf8')) as Catalogue
const hall = JSON.parse(readFileSync(new URL('halls/hub.json', sample), 'utf8')) as HallConfig
const waiting = Number(process.argv[2] ?? 200)
const runs = Number(process.argv[3] ?? 200)

const clock = createManualClock(Date.UTC(2026, 0, 5, 2, 0, 0)) // Monday 10:00 in Shanghai
const engine = createQueueEngine({ hall, catalogue, clock })
let req = 0
const rid = () => `b${++req}`
for (const w of hall.windows) engine.execute({ op: 'open', window: w.no, reqId: rid() })
const offered = [...engine.model.offered.values()]
const weights = offered.map((i) => i.demand ?? 1)
const total = weights.reduce((a, b) => a + b, 0)
let seed = 7
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}
const pickItem = () => {
  let u = rand() * total
  for (let i = 0; i < offered.length; i++) {
    u -= weights[i]!
    if (u <= 0) return offered[i]!.code
  }
  return offered[0]!.code
}
for (let i = 0; i < waiting + hall.windows.length; i++) {
  clock.advance(10_000)
  engine.execute({
    op: 'take',
    item: pickItem(),
    reqId: rid(),
    priority: rand() < 0.08 ? 'elderly' : 'normal',
  })
}
for (const w of hall.windows) engine.execute({ op: 'call', window: w.no, reqId: rid() })
clock.advance(60_000)

const stats = createHallStats('hub')
const targets: PredictTarget[] = [
  ...engine.waiting().map((t) => ({ ticket: t.ticket })),
  ...offered.map((i) => ({ item: i.code })),
]
const input = { state: engine.state, stats, now: clock.now() }
const forward = createForwardPredictor({ runs })
const skill = createBaselines().find((b) => b.name === 'ql-skill')!

const time = (fn: () => void, reps: number) => {
  fn()
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) fn()
  return (performance.now() - t0) / reps
}
/** One deterministic pass of the engine: every window calls and completes until nobody waits. */
const pass = () => {
  const s = cloneState(engine.state, { withFinished: false })
  const now = clock.now()
  const exec = (r: Parameters<typeof decide>[1]) => {
    const d = decide(s, r, { now, wait: { minutes: 0 } })
    if (d.ok) for (const e of d.events) applyEvent(s, e, now)
    return d.ok
  }
  for (let busy = true; busy; ) {
    busy = false
    for (const w of hall.windows) {
      if (s.windows.get(w.no)?.current !== undefined)
        exec({ op: 'complete', window: w.no, reqId: 'b' })
      if (nextForWindow(s, w.no) !== undefined && exec({ op: 'call', window: w.no, reqId: 'b' }))
        busy = true
    }
  }
}

const tForward = time(() => forward.predict(input, targets), 5)
const tPass = time(pass, 20)
const tBase = time(() => skill.predict(input, targets), 5)
const newcomer = time(() => forward.predict(input, [{ item: 'HJ-002' }]), 5)
const line = (label: string, text: string) => console.log(`${label.padEnd(34)}${text}`)
console.log(`hub: ${engine.waiting().length} waiting, ${targets.length} targets, ${runs} runs`)
line(
  'forward refresh (all targets)',
  `${tForward.toFixed(1)} ms (${(tForward / runs).toFixed(2)} ms a run)`,
)
line('forward, one newcomer', `${newcomer.toFixed(1)} ms`)
line(
  'engine alone, one bare pass',
  `${tPass.toFixed(2)} ms: a run is ${(tForward / runs / tPass).toFixed(1)}× a pass`,
)
line(
  'skill-aware QL (all targets)',
  `${tBase.toFixed(2)} ms: the refresh is ${(tForward / tBase).toFixed(0)}× the formula`,
)
