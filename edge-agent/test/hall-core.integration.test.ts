import { join } from 'node:path'
import { createManualClock, QmsError } from '@qms/protocol'
import t, { type Test } from 'tap'
import { createHallCore } from '../src/hall/core.js'
import { openJournal } from '../src/journal/index.js'
import { createHallModel, decide, type QueueRequest } from '../src/queue/index.js'
import { tempDir } from './fixtures/agent.js'
import { MONDAY_9AM, testCatalogue, testHall } from './fixtures/hall.js'

async function setup(t: Test, file?: string) {
  const path = file ?? join(await tempDir(t), 'j.sqlite')
  const journal = openJournal({ file: path, site: 'test-hall' })
  const model = createHallModel(testHall(), testCatalogue())
  const clock = createManualClock(MONDAY_9AM)
  const core = createHallCore({ model, journal, clock })
  t.teardown(async () => {
    await core.close()
    await journal.close()
  })
  const run = (request: QueueRequest, key = 'k1') =>
    core.submit({
      op: request.op,
      ...('reqId' in request && request.reqId !== undefined
        ? { key: { device: key, reqId: request.reqId } }
        : {}),
      decide: (state, now) => decide(state, request, { now }),
    })
  return { journal, core, run, path, clock }
}

t.test('requests decided in one turn share one transaction, in arrival order', async (t) => {
  const { core, run, journal } = await setup(t)
  const commits: number[] = []
  core.onCommit((info) => commits.push(info.events.length))
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) => run({ op: 'take', reqId: `t${i}`, item: 'HJ-001' })),
  )
  t.same(
    answers.map((a) => (a.outcome.ok ? (a.outcome.result as { ticket: string }).ticket : '')),
    ['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008', 'A009', 'A010'],
  )
  t.equal(commits.length, 1, 'one commit for the burst')
  t.equal(commits[0], 11, 'the day start and ten tickets')
  t.same(
    journal.readAfter(0, 100).map((e) => e.seq),
    Array.from({ length: 11 }, (_, i) => i + 1),
  )
  t.same(
    answers[3]?.events.map((e) => e.seq),
    [5],
    'each answer knows its events',
  )
})

t.test(
  'a repeated key gets the first answer, even within one batch and after a restart',
  async (t) => {
    const first = await setup(t)
    const [a, b] = await Promise.all([
      first.run({ op: 'take', reqId: 'same', item: 'HJ-001' }),
      first.run({ op: 'take', reqId: 'same', item: 'HJ-002' }),
    ])
    t.same(b?.outcome, a?.outcome)
    t.equal(b?.replayed, true)
    const failed = await first.run({ op: 'call', reqId: 'c1', window: '2' }, 'c2')
    t.match(failed.outcome, { ok: false, error: { code: 'WINDOW_CLOSED' } })
    await first.core.close()
    await first.journal.close()

    const second = await setup(t, first.path)
    t.same((await second.run({ op: 'take', reqId: 'same', item: 'HJ-010' })).outcome, a?.outcome)
    t.same(
      (await second.run({ op: 'call', reqId: 'c1', window: '2' }, 'c2')).outcome,
      failed.outcome,
      'an answer that changed nothing is kept too (written at close)',
    )
    t.equal(second.core.state.lastNumbers.get('A'), 1, 'the state was rebuilt from the journal')
  },
)

t.test('a failed decision changes nothing and journals nothing', async (t) => {
  const { run, journal } = await setup(t)
  await run({ op: 'take', reqId: 'x', item: 'HJ-001' })
  const seq = journal.lastSeq()
  const r = await run({ op: 'take', reqId: 'y', item: 'NOPE-1' })
  t.match(r.outcome, { ok: false, error: { code: 'UNKNOWN_ITEM' } })
  t.equal(journal.lastSeq(), seq)
})

t.test('a journal that cannot commit fails the batch and the state stays as on disk', async (t) => {
  const { core, run, journal } = await setup(t)
  await run({ op: 'take', reqId: 'ok-1', item: 'HJ-001' })
  const commit = journal.commit
  journal.commit = () => {
    throw new Error('disk full')
  }
  const r = await run({ op: 'take', reqId: 'lost', item: 'HJ-001' })
  t.match(r.outcome, { ok: false, error: { code: 'UNAVAILABLE' } })
  t.equal(core.state.lastNumbers.get('A'), 1, 'the undecided ticket is not in the state')
  journal.commit = commit
  const again = await run({ op: 'take', reqId: 'lost', item: 'HJ-001' })
  t.match(
    again.outcome,
    { ok: true, result: { ticket: 'A002' } },
    'a retry works and reuses nothing',
  )
})

t.test('a fault in a decision answers INTERNAL and keeps serving', async (t) => {
  const { core, run } = await setup(t)
  const r = await core.submit({
    op: 'take',
    decide: () => {
      throw new Error('bug')
    },
  })
  t.match(r.outcome, { ok: false, error: { code: 'INTERNAL' } })
  const q = await core.submit({
    op: 'take',
    decide: () => {
      throw new QmsError('HALL_CLOSED')
    },
  })
  t.match(q.outcome, { ok: false, error: { code: 'HALL_CLOSED' } })
  t.match((await run({ op: 'take', reqId: 'z', item: 'HJ-001' })).outcome, { ok: true })
})

t.test('after close, submissions are refused with UNAVAILABLE', async (t) => {
  const { core, run } = await setup(t)
  const pending = run({ op: 'take', reqId: 'p', item: 'HJ-001' })
  await core.close()
  t.match((await pending).outcome, { ok: true }, 'what was queued is answered')
  t.match((await run({ op: 'take', reqId: 'q', item: 'HJ-001' })).outcome, {
    ok: false,
    error: { code: 'UNAVAILABLE' },
  })
})
