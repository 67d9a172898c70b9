import t from 'tap'
import {
  acknowledgeAlert,
  actOnAlert,
  clearAlert,
  escalateAlert,
  isOpen,
  raiseAlert,
  resolveAlert,
  updateAlert,
} from '../src/alerts/lifecycle.js'
import type { AlertDraft } from '../src/alerts/rules/index.js'

/* The steps of an alert's life, and the ones its state does not allow. */

const T0 = Date.UTC(2026, 10, 30, 2, 0, 0)
const draft = (over: Partial<AlertDraft> = {}): AlertDraft => ({
  rule: 'queue-long',
  key: 'queue-long:hub:ID',
  site: 'hub',
  level: 'warning',
  category: 'ID',
  value: 8,
  threshold: 6,
  text: '中心身份证业务排队过长',
  textEn: 'hub: long queue for ID',
  actions: [
    {
      kind: 'open-window',
      site: 'hub',
      window: '2',
      text: '请开放2号窗口',
      textEn: 'Open window 2',
    },
  ],
  ...over,
})

t.test('raised, acknowledged, acted on, resolved: every step kept', async (t) => {
  const a = raiseAlert(draft(), 'al-1', T0)
  t.match(a, { id: 'al-1', state: 'raised', level: 'warning', escalations: 0 })
  t.equal(a.suggestions[0]!.window, '2')
  const ack = acknowledgeAlert(a, 'hub', T0 + 60_000, '收到')
  t.match(ack, { state: 'acknowledged', acknowledgedBy: 'hub' })
  t.equal(a.state, 'raised', 'steps do not change the alert they start from')
  const acted = actOnAlert(ack, { action: 'open-window', window: '2' }, 'hub', T0 + 120_000)
  const again = actOnAlert(acted, { action: 'diversion', on: true }, 'hub', T0 + 180_000)
  const done = resolveAlert(again, 'hub', T0 + 240_000)
  t.equal(done.state, 'resolved')
  t.equal(isOpen(done), false)
  t.same(
    done.life.map((e) => e.what),
    ['raised', 'acknowledged', 'acted', 'acted', 'resolved'],
  )
})

t.test('acting on a raised alert acknowledges it on the way', async (t) => {
  const a = actOnAlert(
    raiseAlert(draft(), 'al-2', T0),
    { action: 'notice', text: '请注意' },
    'admin',
    T0,
  )
  t.match(a, { state: 'acting', acknowledgedBy: 'admin' })
  t.same(
    a.life.map((e) => e.what),
    ['raised', 'acknowledged', 'acted'],
  )
})

t.test('what a state does not allow is a CONFLICT', async (t) => {
  const raised = raiseAlert(draft(), 'al-3', T0)
  const resolved = resolveAlert(raised, 'hub', T0)
  const cleared = clearAlert(raised, T0)
  t.throws(() => acknowledgeAlert(resolved, 'hub', T0), { code: 'CONFLICT' })
  t.throws(() => resolveAlert(resolved, 'hub', T0), { code: 'CONFLICT' })
  t.throws(() => actOnAlert(cleared, { action: 'diversion', on: true }, 'hub', T0), {
    code: 'CONFLICT',
  })
  t.throws(() => acknowledgeAlert(acknowledgeAlert(raised, 'a', T0), 'b', T0), { code: 'CONFLICT' })
  t.throws(() => escalateAlert(acknowledgeAlert(raised, 'a', T0), T0), { code: 'CONFLICT' })
})

t.test('escalation goes a level up each time, and stops at critical', async (t) => {
  const once = escalateAlert(raiseAlert(draft({ level: 'info' }), 'al-4', T0), T0 + 1)
  t.match(once, { level: 'warning', escalations: 1 })
  const twice = escalateAlert(once, T0 + 2)
  const thrice = escalateAlert(twice, T0 + 3)
  t.match(thrice, { level: 'critical', escalations: 3 })
})

t.test('the condition’s new figures follow it; a rise of level is kept', async (t) => {
  const a = raiseAlert(draft(), 'al-5', T0)
  t.equal(updateAlert(a, draft(), T0 + 1), undefined, 'nothing changed: nothing to write')
  const more = updateAlert(a, draft({ value: 9, text: '更长' }), T0 + 1)!
  t.match(more, { value: 9, text: '更长', level: 'warning' })
  t.equal(more.life.length, 1)
  const worse = updateAlert(more, draft({ value: 13, level: 'critical' }), T0 + 2)!
  t.equal(worse.level, 'critical')
  t.match(worse.life.at(-1), { what: 'level', level: 'critical', value: 13 })
  const calmer = updateAlert(escalateAlert(a, T0), draft({ value: 7 }), T0 + 3)!
  t.equal(calmer.level, 'critical', 'an escalation is not undone by the figures')
  const cleared = clearAlert(worse, T0 + 4)
  t.match(cleared, { state: 'cleared', clearedAt: new Date(T0 + 4).toISOString() })
})
