import t from 'tap'
import { Changes } from '../src/projections/changes.js'
import { redisKeys } from '../src/projections/keys.js'
import { emptySiteState } from '../src/projections/state.js'
import { planWrite } from '../src/projections/write-plan.js'

const keys = redisKeys('x:')
const limits = { historyMaxLen: 100, dayTtlSec: 86_400 }

t.test('changed entries are written from the state; removed ones are deleted', async (t) => {
  const state = emptySiteState('hub', 'Asia/Shanghai')
  state.windows.set('1', { no: '1', state: 'idle' })
  const changes = new Changes()
  changes.windows.add('1')
  changes.tickets.add('A001') // changed, then gone
  changes.add('2026-11-30', 'issued', 2)
  changes.max('2026-11-30', 'w:max', 500)
  const ops = planWrite(keys, state, changes, limits)
  t.same(ops, [
    'D',
    'x:site:{hub}:tix',
    '1',
    'A001',
    'H',
    'x:site:{hub}:win',
    '1',
    '1',
    '{"no":"1","state":"idle"}',
    'I',
    'x:site:{hub}:day:2026-11-30',
    'issued',
    '2',
    'M',
    'x:site:{hub}:day:2026-11-30',
    'w:max',
    '500',
    'E',
    'x:site:{hub}:day:2026-11-30',
    '86400',
    'S',
    'x:sites',
    'hub',
  ])
})

t.test('a reset drops the stored live tickets and windows and writes them all', async (t) => {
  const state = emptySiteState('hub', 'Asia/Shanghai')
  state.windows.set('2', { no: '2', state: 'closed' })
  const changes = new Changes()
  changes.reset = true
  const ops = planWrite(keys, state, changes, limits)
  t.same(ops.slice(0, 4), ['K', 'x:site:{hub}:tix', 'K', 'x:site:{hub}:win'])
  t.ok(ops.includes('{"no":"2","state":"closed"}'))
})

t.test('every key of a hall shares its hash tag', async (t) => {
  for (const key of [
    ...keys.siteProjection('st-07'),
    keys.lease('st-07'),
    keys.day('st-07', '2026-11-30'),
  ]) {
    t.match(key, /\{st-07\}/)
  }
  t.throws(() => redisKeys('bad prefix'))
})
