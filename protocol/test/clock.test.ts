import t from 'tap'
import { createManualClock, systemClock } from '../src/index.js'

t.test('a manual clock fires due timers in order as it advances', async (t) => {
  const clock = createManualClock(1000)
  const fired: string[] = []
  clock.setTimeout(() => fired.push('b@300'), 300)
  clock.setTimeout(() => fired.push('a@100'), 100)
  const c = clock.setTimeout(() => fired.push('never'), 200)
  clock.clearTimeout(c)
  clock.advance(150)
  t.same(fired, ['a@100'])
  t.equal(clock.now(), 1150)
  clock.advance(1000)
  t.same(fired, ['a@100', 'b@300'])
  t.equal(clock.pending(), 0)
})

t.test('a timer set by a timer fires when due within the same advance', async (t) => {
  const clock = createManualClock(0)
  const at: number[] = []
  clock.setTimeout(() => {
    at.push(clock.now())
    clock.setTimeout(() => at.push(clock.now()), 50)
  }, 50)
  clock.advance(120)
  t.same(at, [50, 100])
  t.equal(clock.now(), 120)
})

t.test('a manual clock refuses to go backwards', async (t) => {
  const clock = createManualClock(100)
  t.throws(() => clock.set(50), RangeError)
  clock.set(200)
  t.equal(clock.now(), 200)
})

t.test('the system clock tells real time and runs real timers', async (t) => {
  t.ok(Math.abs(systemClock.now() - Date.now()) < 1000)
  await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 1))
  const timer = systemClock.setTimeout(() => t.fail('cleared'), 5)
  systemClock.clearTimeout(timer)
})
