import { request as httpRequest } from 'node:http'
import { uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { liveHall, startLiveCloud, startLiveEdge } from './helpers/live.js'

/*
 * End to end with a real edge agent and its uplink: a phone takes a number (the edge issues it
 * over RPC), the cloud's predictions reach the edge (its own answer about the ticket carries the
 * cloud's wait), and the phone page's live feed follows the ticket to its call and its end.
 */

interface SseEvent {
  event: string
  data: unknown
}

/** Reads a server-sent event stream, collecting its events until the server ends it. */
function readEvents(url: string) {
  const events: SseEvent[] = []
  let ended = false
  let status = 0
  const req = httpRequest(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    status = res.statusCode ?? 0
    let buffer = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i)
        buffer = buffer.slice(i + 2)
        let event = 'message'
        let data = ''
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7)
          else if (line.startsWith('data: ')) data += line.slice(6)
        }
        if (data !== '') events.push({ event, data: JSON.parse(data) })
      }
    })
    res.on('end', () => {
      ended = true
    })
  })
  req.end()
  return {
    events,
    get ended() {
      return ended
    },
    get status() {
      return status
    },
    close: () => req.destroy(),
  }
}

t.test('a phone’s ticket from a real edge, predicted by the cloud and followed live', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const hall = liveHall('st-a', [{ no: '1' }, { no: '2' }])
  const { cloud } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hall],
    config: { http: { listen: true, port: 0, host: '127.0.0.1' } },
    live: { settings: { runs: 24, workers: 1, refreshDebounceMs: 200 } },
  })
  const agent = await startLiveEdge(t, names, hall)
  const ok = async (device: string, request: Record<string, unknown>) => {
    const r = await agent.handle(device, request as never)
    if (!r.ok) throw new Error(`${request.op}: ${r.error.code}`)
    return r.result as { ticket?: string }
  }
  await ok('c1', { op: 'open', window: '1', reqId: 'o1' })
  for (let i = 0; i < 3; i++) await ok('k1', { op: 'take', item: 'I10', reqId: `k${i}` })

  const began = Date.now()
  const take = await waitFor(
    async () => {
      const r = await cloud.app.inject({
        method: 'POST',
        url: '/api/virtual-tickets',
        payload: { site: 'st-a', item: 'I10', reqId: 'e2e-1' },
      })
      return r.statusCode === 201 ? r.json() : undefined
    },
    { what: 'the edge answers the take', timeoutMs: 20_000 },
  )
  t.match(take, { site: 'st-a', chosen: false, ahead: 3 })
  t.equal(agent.state().open.get(take.ticket)?.channel, 'mobile')
  const again = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    payload: { site: 'st-a', item: 'I10', reqId: 'e2e-1' },
  })
  t.equal(again.json().ticket, take.ticket, 'a repeated request gets the same ticket')

  const predicted = await waitFor(
    async () => {
      const r = await agent.rpc('ticket', { ticket: take.ticket })
      return r.ok && r.result.wait?.source === 'cloud' ? r.result : undefined
    },
    { what: 'the cloud’s prediction at the edge', timeoutMs: 20_000 },
  )
  t.comment(`take → the cloud's wait for it at the edge: ${Date.now() - began} ms`)
  t.ok(predicted.wait!.minutes >= 0)

  const status = await waitFor(async () => {
    const r = await cloud.app.inject(`/api/virtual-tickets/st-a/${take.ticket}`)
    return r.json().source === 'cloud' ? r.json() : undefined
  })
  t.match(status, { ticket: take.ticket, state: 'waiting', ahead: 3, channel: 'mobile' })

  const feed = readEvents(
    `http://127.0.0.1:${cloud.port}/api/virtual-tickets/st-a/${take.ticket}/events`,
  )
  t.teardown(feed.close)
  await waitFor(() => feed.events.length > 0, { what: 'the first status' })
  t.equal(feed.status, 200)
  t.match(feed.events[0], { event: 'status', data: { ticket: take.ticket, state: 'waiting' } })
  for (let i = 0; i < 3; i++) {
    await ok('c1', { op: 'call', window: '1', reqId: `call${i}` })
    await ok('c1', { op: 'complete', window: '1', reqId: `done${i}` })
  }
  await ok('c1', { op: 'call', window: '1', reqId: 'call-mine' })
  const called = await waitFor(
    () => feed.events.find((e) => (e.data as { state?: string }).state === 'called'),
    { what: 'the call in the feed', timeoutMs: 20_000 },
  )
  t.match(called.data, { state: 'called', window: '1', near: true })
  t.ok(
    feed.events.some((e) => (e.data as { near?: boolean; state?: string }).near === true),
    'told that the turn is near',
  )
  await ok('c1', { op: 'complete', window: '1', reqId: 'done-mine' })
  await waitFor(() => feed.ended, { what: 'the feed ends with the ticket', timeoutMs: 20_000 })
  t.match(feed.events.at(-1), { event: 'end' })
  t.ok(feed.events.some((e) => (e.data as { state?: string }).state === 'done'))

  const missing = await cloud.app.inject('/api/virtual-tickets/st-a/Z999/events')
  t.equal(missing.statusCode, 404, 'a feed of an unknown ticket is a clear 404')
  t.match(missing.json(), { code: 'UNKNOWN_TICKET' })
})
