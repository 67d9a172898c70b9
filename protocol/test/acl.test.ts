import t from 'tap'
import { mayPublish, maySubscribe, OPS_BY_KIND, subscribableTopics } from '../src/index.js'

t.test('a device publishes only its own status and requests', async (t) => {
  t.ok(mayPublish('hub', 'k1', 'qms/v1/hub/dev/k1/req'))
  t.ok(mayPublish('hub', 'k1', 'qms/v1/hub/dev/k1/status'))
  t.notOk(mayPublish('hub', 'k1', 'qms/v1/hub/dev/k2/req'), 'another device')
  t.notOk(mayPublish('hub', 'k1', 'qms/v1/hub/dev/k1/res'), 'its own answers come from the edge')
  t.notOk(mayPublish('hub', 'k1', 'qms/v1/hub/hall'))
  t.notOk(mayPublish('hub', 'k1', 'qms/v1/st-01/dev/k1/req'), 'another hall')
})

t.test('a device subscribes only to what its kind needs, without wildcards', async (t) => {
  t.ok(maySubscribe('hub', 'd1', 'hall-display', 'qms/v1/hub/announce'))
  t.notOk(maySubscribe('hub', 'k1', 'dispenser', 'qms/v1/hub/announce'))
  t.ok(maySubscribe('hub', 'w5', 'window-display', 'qms/v1/hub/dev/w5/cmd'))
  t.notOk(maySubscribe('hub', 'w5', 'window-display', 'qms/v1/hub/dev/w6/cmd'))
  t.notOk(maySubscribe('hub', 's5', 'sensor', 'qms/v1/hub/#'))
  t.notOk(maySubscribe('hub', 's5', 'sensor', 'qms/v1/hub/dev/+/res'))
  t.same(subscribableTopics('hub', 'e5', 'evaluator'), [
    'qms/v1/hub/dev/e5/res',
    'qms/v1/hub/dev/e5/cmd',
  ])
})

t.test('request ops by kind', async (t) => {
  t.ok(OPS_BY_KIND.dispenser.includes('take'))
  t.notOk(OPS_BY_KIND.dispenser.includes('call'))
  t.ok(OPS_BY_KIND.caller.includes('callTicket'))
  t.same(OPS_BY_KIND.sensor, ['presence'])
  t.same(OPS_BY_KIND.evaluator, ['rate'])
})
