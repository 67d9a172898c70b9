import { statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { openJournal } from '../src/journal/index.js'
import { tempDir } from './fixtures/agent.js'

const at = Date.UTC(2026, 0, 5, 1, 0, 0)
const draft = (window: string) => ({
  draft: { type: 'window.opened' as const, data: { window } },
  at,
})

t.test('events get the next seq, are read back in order, and survive reopening', async (t) => {
  const file = join(await tempDir(t), 'j.sqlite')
  const j = openJournal({ file, site: 'test-hall' })
  t.equal(j.lastSeq(), 0)
  const seen: number[] = []
  const off = j.onCommit((seq) => seen.push(seq))
  const out = j.commit([draft('1'), draft('2')], [])
  t.same(
    out.map((e) => [e.seq, e.site, e.type, e.ts]),
    [
      [1, 'test-hall', 'window.opened', '2026-01-05T01:00:00.000Z'],
      [2, 'test-hall', 'window.opened', '2026-01-05T01:00:00.000Z'],
    ],
  )
  j.commit([draft('3')], [])
  off()
  j.commit([draft('4')], [])
  t.same(seen, [2, 3], 'listeners hear every commit until they unsubscribe')
  t.same(
    j.readAfter(1, 2).map((e) => e.seq),
    [2, 3],
  )
  t.equal(j.timeOf(2), at)
  t.equal(j.timeOf(99), undefined)
  const closing = j.close()
  t.equal(j.close(), closing, 'a second close returns the first one’s promise')
  await closing
  const again = openJournal({ file, site: 'test-hall' })
  t.equal(again.lastSeq(), 4)
  t.same(
    [...again.iterate(3)].map((e) => e.seq),
    [3, 4],
  )
  await again.close()
})

t.test('answers, cursors and settings are durable', async (t) => {
  const file = join(await tempDir(t), 'j.sqlite')
  const j = openJournal({ file, site: 'test-hall' })
  j.commit([draft('1')], [{ device: 'k1', reqId: 'r1', response: '{"ok":true}', at }])
  j.setCursor('uplink', 1)
  j.setMeta('rules', '{"priorityCap":2}')
  j.commit([], [{ device: 'k1', reqId: 'r1', response: '{"ok":false}', at }])
  t.equal(j.findAnswer('k1', 'r1'), '{"ok":true}', 'the first answer stays')
  await j.close()
  const again = openJournal({ file, site: 'test-hall' })
  t.equal(again.findAnswer('k1', 'r1'), '{"ok":true}')
  t.equal(again.getCursor('uplink'), 1)
  t.equal(again.getCursor('never'), 0)
  t.equal(again.getMeta('rules'), '{"priorityCap":2}')
  t.equal(again.pruneAnswers(at + 1), 1)
  t.equal(again.findAnswer('k1', 'r1'), undefined)
  await again.close()
})

t.test('the day starts at the latest site.snapshot', async (t) => {
  const j = openJournal({ file: join(await tempDir(t), 'j.sqlite'), site: 'test-hall' })
  t.teardown(() => j.close())
  t.equal(j.dayStart(), 1)
  j.commit([draft('1')], [])
  j.commit(
    [
      {
        draft: {
          type: 'site.snapshot',
          data: { day: '2026-01-05', tickets: [], windows: [], lastNumbers: {} },
        },
        at,
      },
    ],
    [],
  )
  t.equal(j.dayStart(), 2)
})

t.test('one agent per journal: a second opener is refused until the first closes', async (t) => {
  const file = join(await tempDir(t), 'j.sqlite')
  const j = openJournal({ file, site: 'test-hall' })
  t.throws(() => openJournal({ file, site: 'test-hall' }), { code: 'CONFIG_INVALID' })
  await j.close()
  const next = openJournal({ file, site: 'test-hall' })
  await next.close()
})

t.test('checkpoints run off the committing thread and keep the WAL bounded', async (t) => {
  const file = join(await tempDir(t), 'j.sqlite')
  const j = openJournal({ file, site: 'test-hall', checkpointPages: 50 })
  // Commits in bursts with a checkpoint between: the WAL is reused from its start, not grown.
  for (let burst = 0; burst < 40; burst++) {
    for (let i = 0; i < 20; i++) j.commit([draft(String(i % 9))], [])
    await j.checkpoint()
  }
  t.equal(j.lastSeq(), 800)
  t.equal(j.readAfter(0, 1000).length, 800, 'every event readable while checkpoints ran')
  const wal = statSync(`${file}-wal`).size
  t.ok(wal < 500_000, `the WAL is reused after each checkpoint (${wal} bytes for 800 commits)`)
  await j.close()
  const again = openJournal({ file, site: 'test-hall' })
  t.equal(again.lastSeq(), 800)
  await again.close()
})

t.test('a closed journal refuses writes with UNAVAILABLE', async (t) => {
  const j = openJournal({ file: join(await tempDir(t), 'j.sqlite'), site: 'test-hall' })
  await j.close()
  t.throws(() => j.commit([draft('1')], []), { code: 'UNAVAILABLE' })
})
