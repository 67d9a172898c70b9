import type { RpcReplyOf, TakeResult } from '@qms/protocol'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix } from '@qms/test'
import t from 'tap'
import { createRpcClient } from '../src/rpc/client.js'
import { startTestCloud } from './helpers/cloud.js'

/*
 * Request/reply to a hall: what needs an answer now. The hall answers, refuses with its code,
 * or cannot be reached — then the caller gets UNAVAILABLE (HTTP 503) within about two seconds,
 * never a hang.
 */

const take: TakeResult = {
  ticket: 'A031',
  item: 'HJ-001',
  itemName: '居民身份证申领',
  category: 'HJ-SFZ',
  priority: 'normal',
  ahead: 4,
  wait: { minutes: 12, source: 'local' },
  issuedAt: '2026-11-30T01:30:00.000Z',
  guidance: [],
  printed: 'none',
}

t.test('a hall that answers gives its result; one that refuses gives its code', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectNats(t)
  const rpc = createRpcClient({ nc, names })
  const requests: unknown[] = []
  nc.subscribe(names.rpc('st-01', 'take'), {
    callback: (_err, msg) => {
      const req = JSON.parse(new TextDecoder().decode(msg.data)) as { item: string }
      requests.push(req)
      const reply: RpcReplyOf<'take'> =
        req.item === 'HJ-001'
          ? { ok: true, result: take }
          : { ok: false, error: { code: 'ITEM_NOT_OFFERED', message: 'not here' } }
      msg.respond(JSON.stringify(reply))
    },
  })
  await nc.flush()
  t.same(
    await rpc.request('st-01', 'take', { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' }),
    take,
  )
  await t.rejects(
    rpc.request('st-01', 'take', { reqId: 'm-2', item: 'JG-001', channel: 'mobile' }),
    {
      name: 'QmsError',
      code: 'ITEM_NOT_OFFERED',
    },
  )
  t.same(requests[0], { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' })
})

t.test('an absent hall is UNAVAILABLE at once; a silent one within the timeout', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectNats(t)
  const rpc = createRpcClient({ nc, names, timeoutMs: 2000 })
  let began = Date.now()
  await t.rejects(
    rpc.request('st-09', 'take', { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' }),
    {
      code: 'UNAVAILABLE',
    },
  )
  const absent = Date.now() - began
  t.ok(absent <= 2500, `no responder: UNAVAILABLE after ${absent} ms`)
  nc.subscribe(names.rpc('st-09', 'take'), { callback: () => {} }) // listens, never answers
  await nc.flush()
  began = Date.now()
  await t.rejects(
    rpc.request('st-09', 'take', { reqId: 'm-2', item: 'HJ-001', channel: 'mobile' }),
    {
      code: 'UNAVAILABLE',
    },
  )
  const silent = Date.now() - began
  t.ok(silent >= 1900 && silent <= 2500, `silent hall: UNAVAILABLE after ${silent} ms`)
})

t.test('an answer off the protocol is INTERNAL; a bad request never leaves', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectNats(t)
  const rpc = createRpcClient({ nc, names })
  let asked = 0
  nc.subscribe(names.rpc('st-03', 'take'), {
    callback: (_err, msg) => {
      asked++
      msg.respond(JSON.stringify({ ok: true, result: { ticket: 'lol' } }))
    },
  })
  await nc.flush()
  await t.rejects(
    rpc.request('st-03', 'take', { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' }),
    {
      code: 'INTERNAL',
    },
  )
  await t.rejects(
    rpc.request('st-03', 'take', { reqId: 'm 2', item: 'HJ-001', channel: 'mobile' }),
    {
      code: 'BAD_REQUEST',
    },
  )
  t.equal(asked, 1)
})

t.test(
  'a phone takes a number over HTTP: 201 with the ticket, 503 when the hall is away',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const nc = await connectNats(t)
    const cloud = await startTestCloud(t, { names, prefix })
    nc.subscribe(names.rpc('hub', 'take'), {
      callback: (_err, msg) => {
        const req = JSON.parse(new TextDecoder().decode(msg.data)) as {
          channel: string
          reqId: string
        }
        msg.respond(
          JSON.stringify({
            ok: true,
            result: { ...take, ticket: req.channel === 'mobile' ? 'A032' : 'A000' },
          }),
        )
      },
    })
    await nc.flush()
    const ok = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: { site: 'hub', item: 'HJ-001' },
    })
    t.equal(ok.statusCode, 201)
    t.equal(ok.json().ticket, 'A032', 'taken through the mobile channel')
    const began = Date.now()
    const away = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: { site: 'st-07', item: 'HJ-001' },
    })
    t.equal(away.statusCode, 503)
    t.match(away.json(), { code: 'UNAVAILABLE', messageZh: '服务点暂时无法连接' })
    t.ok(Date.now() - began <= 2500)
    const bad = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: { site: 'hub', item: 'HJ-001', priority: 'vip' },
    })
    t.equal(bad.statusCode, 400)
    t.match(bad.json(), { code: 'BAD_REQUEST', path: '/priority' })
  },
)
