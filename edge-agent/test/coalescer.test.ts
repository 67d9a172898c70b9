import { createManualClock } from '@qms/protocol'
import t from 'tap'
import { createCoalescer } from '../src/hall/coalescer.js'

t.test('a burst of 100 marks fires once, after the interval', async (t) => {
  const clock = createManualClock()
  let fired = 0
  const c = createCoalescer(clock, 100, () => fired++)
  for (let i = 0; i < 100; i++) c.mark()
  t.equal(fired, 0)
  clock.advance(99)
  t.equal(fired, 0)
  clock.advance(1)
  t.equal(fired, 1)
  clock.advance(1000)
  t.equal(fired, 1, 'nothing more without a mark')
})

t.test('a steady stream fires at most once per interval', async (t) => {
  const clock = createManualClock()
  let fired = 0
  const c = createCoalescer(clock, 50, () => fired++)
  for (let i = 0; i < 1000; i++) {
    c.mark()
    clock.advance(1)
  }
  t.ok(fired >= 19 && fired <= 20, `${fired} in 1000 ms at 50 ms`)
})

t.test('flush fires a pending run now; cancel drops it', async (t) => {
  const clock = createManualClock()
  let fired = 0
  const c = createCoalescer(clock, 100, () => fired++)
  c.flush()
  t.equal(fired, 0, 'nothing marked, nothing to flush')
  c.mark()
  c.flush()
  t.equal(fired, 1)
  c.mark()
  c.cancel()
  clock.advance(500)
  t.equal(fired, 1)
})
