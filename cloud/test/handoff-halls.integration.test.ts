import { jetstream } from '@nats-io/jetstream'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { LIVE_TIMEZONE, liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * A person waiting at hall A goes to hall B keeping their place: B issues a ticket on the
 * hand-off channel naming A's ticket, A is told to close its ticket as transferred. Repeating
 * the request changes nothing; what cannot be done is refused with a clear code.
 */

/** An ISO weekday other than today's where the test halls are: a hall open only then is closed now. */
function notToday(): number {
  const today = new Intl.DateTimeFormat('en-US', {
    timeZone: LIVE_TIMEZONE,
    weekday: 'short',
  }).format(Date.now())
  const n = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(today) + 1
  return (n % 7) + 1
}

t.test('hand-off closes the first ticket and issues the second with channel handoff', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const a = liveHall('st-a', [{ no: '1' }], { location: { lat: 30.75, lng: 120.75 } })
  const b = liveHall('st-b', [{ no: '1' }], { location: { lat: 30.76, lng: 120.76 } })
  const idOnly = liveHall('st-c', [{ no: '1', categories: ['ID'] }], {
    location: { lat: 30.76, lng: 120.74 },
  })
  const closed = liveHall('st-d', [{ no: '1' }], {
    location: { lat: 30.74, lng: 120.76 },
    hours: [{ days: [notToday()], open: '00:00', close: '23:59' }],
  })
  const { cloud } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [a, b, idOnly, closed],
    live: { settings: { runs: 16, workers: 0, refreshDebounceMs: 100 } },
  })
  const js = jetstream(nc)
  const simA = new SimHall(js, names, a, liveCatalogue())
  const simB = new SimHall(js, names, b, liveCatalogue())
  for (const s of [simA, simB]) s.answerRequests(nc)
  await nc.flush()
  await simA.readCommands(t)
  await simA.open('1')
  const first = (await simA.take('I10')).ticket
  const mine = (await simA.take('I10')).ticket
  const passport = (await simA.take('P12')).ticket
  const local = (await simA.take('H15')).ticket
  await waitFor(async () => {
    const r = await cloud.app.inject(`/api/virtual-tickets/st-a/${local}`)
    return r.json().source === 'cloud'
  })

  const handoff = (ticket: string, payload: object) =>
    cloud.app.inject({
      method: 'POST',
      url: `/api/virtual-tickets/st-a/${ticket}/handoff`,
      payload,
    })
  const r = await handoff(mine, { toSite: 'st-b', reqId: 'h-1' })
  t.equal(r.statusCode, 201)
  const result = r.json()
  t.match(result, {
    reqId: 'h-1',
    fromSite: 'st-a',
    fromTicket: mine,
    site: 'st-b',
    closed: true,
    ticket: { ticket: /^A\d{3}$/, item: 'I10' },
    links: { page: `/t/st-b/${result.ticket.ticket}` },
  })
  t.ok(Date.parse(result.arrival.to) > Date.parse(result.arrival.from), 'an arrival window')
  t.ok(result.travelMin > 0)
  const atB = simB.engine.state.open.get(result.ticket.ticket)
  t.equal(atB?.channel, 'handoff', 'hall B issued it on the hand-off channel')
  t.same(atB?.handoff, { fromSite: 'st-a', fromTicket: mine })

  const done = await simA.command('handoffDone', (c) => c.data.ticket === mine)
  t.same(done.data, { ticket: mine, toSite: 'st-b', toTicket: result.ticket.ticket })
  await simA.run({ op: 'handoffDone', ...done.data, reqId: done.id })
  const transferred = await waitFor(async () => {
    const s = await cloud.app.inject(`/api/virtual-tickets/st-a/${mine}`)
    return s.json().state === 'transferred' ? s.json() : undefined
  })
  t.match(transferred, { toSite: 'st-b', toTicket: result.ticket.ticket })

  const again = await handoff(mine, { toSite: 'st-b', reqId: 'h-1' })
  t.equal(again.statusCode, 201)
  t.same(again.json(), result, 'the same request gets the same answer')
  t.equal(
    [...simB.engine.state.open.values()].filter((x) => x.channel === 'handoff').length,
    1,
    'and no second ticket',
  )

  const refusals: Array<[string, object, number, string, string?]> = [
    [first, { toSite: 'st-b', reqId: 'h-1' }, 409, 'CONFLICT', '/reqId'],
    [first, { toSite: 'st-a', reqId: 'h-2' }, 400, 'BAD_REQUEST', '/toSite'],
    [first, { toSite: 'st-x', reqId: 'h-3' }, 404, 'NOT_FOUND', '/toSite'],
    [passport, { toSite: 'st-c', reqId: 'h-4' }, 409, 'ITEM_NOT_OFFERED', '/toSite'],
    [local, { toSite: 'st-b', reqId: 'h-5' }, 409, 'ITEM_NOT_OFFERED', '/toSite'],
    [first, { toSite: 'st-d', reqId: 'h-6' }, 409, 'HALL_CLOSED', '/toSite'],
    ['Z999', { toSite: 'st-b', reqId: 'h-7' }, 404, 'UNKNOWN_TICKET'],
    [first, { toSite: 'st-b' }, 400, 'BAD_REQUEST', '/reqId'],
    [first, { toSite: 'st-b', reqId: 'h 8' }, 400, 'BAD_REQUEST', '/reqId'],
  ]
  for (const [ticket, payload, status, code, path] of refusals) {
    const x = await handoff(ticket, payload)
    t.equal(x.statusCode, status, `${ticket} ${JSON.stringify(payload)}`)
    t.match(x.json(), { code, ...(path === undefined ? {} : { path }) })
  }
  await simA.call('1')
  const calledR = await waitFor(async () => {
    const s = await cloud.app.inject(`/api/virtual-tickets/st-a/${first}`)
    return s.json().state === 'called'
  })
  t.ok(calledR)
  const notWaiting = await handoff(first, { toSite: 'st-b', reqId: 'h-9' })
  t.equal(notWaiting.statusCode, 409)
  t.match(notWaiting.json(), { code: 'TICKET_NOT_WAITING' })
  const metrics = await cloud.metrics.registry.getSingleMetricAsString('qms_cloud_handoffs_total')
  t.match(metrics, /result="ok"[^}]*\} 1$/m, 'one hand-off counted')
})
