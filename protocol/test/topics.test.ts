import t from 'tap'
import { MQTT_ROOT, mqttTopics, natsNames, parseEventMsgId, parseTopic } from '../src/index.js'

t.test('device topics follow the contract and parse back', async (t) => {
  t.equal(MQTT_ROOT, 'qms/v1')
  t.equal(mqttTopics.request('hub', 'k1'), 'qms/v1/hub/dev/k1/req')
  for (const leaf of ['status', 'req', 'res', 'cmd'] as const) {
    const topic = mqttTopics.device('st-07', 'c_5', leaf)
    t.same(parseTopic(topic), { kind: 'device', site: 'st-07', device: 'c_5', leaf })
  }
})

t.test('hall and announce topics parse back', async (t) => {
  t.equal(mqttTopics.hall('hub'), 'qms/v1/hub/hall')
  t.same(parseTopic(mqttTopics.hall('hub')), { kind: 'hall', site: 'hub' })
  t.same(parseTopic(mqttTopics.announce('pt-01')), { kind: 'announce', site: 'pt-01' })
})

t.test('filters', async (t) => {
  t.equal(mqttTopics.allDevices('hub', 'req'), 'qms/v1/hub/dev/+/req')
  t.equal(mqttTopics.everything('hub'), 'qms/v1/hub/#')
})

t.test('builders refuse segments that would change the topic shape', async (t) => {
  for (const bad of ['a/b', '+', '#', '', 'a b', 'x.y']) {
    t.throws(() => mqttTopics.request('hub', bad), TypeError, JSON.stringify(bad))
    t.throws(() => mqttTopics.hall(bad), TypeError)
  }
})

t.test('foreign and malformed topics do not parse', async (t) => {
  for (const topic of [
    'qms/v2/hub/hall',
    'qms/v1/hub/dev/k1/other',
    'qms/v1/hub/dev/k1',
    'qms/v1/hub/dev/k1/req/extra',
    'qms/v1/hub/lobby',
    'qms/v1/hub+/hall',
    'other/v1/hub/hall',
    '',
  ]) {
    t.equal(parseTopic(topic), undefined, topic)
  }
})

t.test('NATS subjects follow the contract with the default names', async (t) => {
  const n = natsNames()
  t.equal(n.eventStream, 'QMS_EVT')
  t.equal(n.commandStream, 'QMS_CMD')
  t.equal(n.events('hub'), 'qms.evt.hub')
  t.equal(n.allEvents(), 'qms.evt.>')
  t.equal(n.commands('st-03'), 'qms.cmd.st-03')
  t.equal(n.rpc('st-03', 'take'), 'qms.rpc.st-03.take')
  t.equal(n.allRpc('st-03'), 'qms.rpc.st-03.>')
  t.equal(n.eventMsgId('hub', 42), 'hub:42')
  t.same(n.parseEvents('qms.evt.hub'), { site: 'hub' })
  t.same(n.parseRpc('qms.rpc.hub.replay'), { site: 'hub', op: 'replay' })
})

t.test('a private root keeps test streams apart', async (t) => {
  const n = natsNames({ root: 't1234', streamPrefix: 'T1234' })
  t.equal(n.events('hub'), 't1234.evt.hub')
  t.equal(n.eventStream, 'T1234_EVT')
  t.equal(n.parseEvents('qms.evt.hub'), undefined)
  t.same(n.parseEvents('t1234.evt.hub'), { site: 'hub' })
})

t.test('subjects refuse tokens with NATS wildcards or separators', async (t) => {
  const n = natsNames()
  for (const bad of ['a.b', '*', '>', 'a b', '']) {
    t.throws(() => n.events(bad), TypeError, JSON.stringify(bad))
  }
  t.throws(() => natsNames({ root: 'a.b' }), TypeError)
  t.equal(n.parseRpc('qms.rpc.hub'), undefined)
  t.equal(n.parseEvents('qms.evt.hub.x'), undefined)
})

t.test('event message ids round trip', async (t) => {
  t.same(parseEventMsgId('st-07:1234'), { site: 'st-07', seq: 1234 })
  for (const bad of ['hub:0', 'hub:-1', 'hub:1.5', 'hub', ':3', 'Hub:3'])
    t.equal(parseEventMsgId(bad), undefined, bad)
})
