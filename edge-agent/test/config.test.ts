import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadEdgeSettings } from '../src/config/index.js'
import { tempDir } from './fixtures/agent.js'
import { testCatalogue, testHall } from './fixtures/hall.js'

async function files(t: Test, hall: unknown) {
  const dir = await tempDir(t, 'qms-config-')
  await writeFile(join(dir, 'catalogue.json'), JSON.stringify(testCatalogue()))
  await writeFile(join(dir, 'hall.json'), typeof hall === 'string' ? hall : JSON.stringify(hall))
  return dir
}

t.test('a good hall file with env overrides', async (t) => {
  const dir = await files(t, { ...testHall(), catalogue: 'catalogue.json' })
  const r = loadEdgeSettings(
    'hall.json',
    {
      QMS_BROKER_PORT: '0',
      QMS_HTTP_PORT: '9099',
      QMS_DATA_DIR: 'd',
      QMS_NATS_URL: 'nats://a:4222, nats://b:4222',
    },
    dir,
  )
  t.ok(r.ok)
  if (!r.ok) return
  t.equal(r.settings.broker.tcpPort, 0)
  t.equal(r.settings.http.port, 9099)
  t.equal(r.settings.dataDir, join(dir, 'd'))
  t.same(r.settings.uplink?.servers, ['nats://a:4222', 'nats://b:4222'])
  t.equal(r.settings.catalogueFile, join(dir, 'catalogue.json'), 'relative to the hall file')
})

t.test(
  'without a catalogue the shipped one is used, and the data folder defaults by hall id',
  async (t) => {
    const dir = await files(
      t,
      testHall({
        windows: [{ no: '1', name: '1号窗口', categories: ['HJ-SFZ'] }],
        items: ['HJ-001'],
        devices: [],
      }),
    )
    const r = loadEdgeSettings('hall.json', {}, dir)
    t.ok(r.ok)
    if (!r.ok) return
    t.match(r.settings.catalogueFile, /sample[\\/]catalogue\.json$/)
    t.equal(r.settings.dataDir, join(dir, 'data', 'test-hall'))
  },
)

t.test('schema problems name the field and the fix', async (t) => {
  const hall = {
    ...testHall(),
    catalogue: 'catalogue.json',
    id: 'Bad Id',
    colour: 'red',
  } as Record<string, unknown>
  delete hall.hours
  const dir = await files(t, hall)
  const r = loadEdgeSettings('hall.json', {}, dir)
  t.notOk(r.ok)
  if (r.ok) return
  const byPath = new Map(r.problems.map((p) => [p.path, p]))
  t.match(byPath.get('/hours'), { fix: /add "hours"/ })
  t.match(byPath.get('/id'), { fix: /Hall id/ })
  t.match(byPath.get('/colour'), { fix: /remove "colour"/ })
})

t.test('consistency problems name the field and the fix', async (t) => {
  const hall = testHall({ catalogue: 'catalogue.json' })
  hall.windows[1]!.categories.push('NO-SUCH')
  hall.devices.push({
    id: 'c9',
    kind: 'caller',
    tokenHash: hall.devices[0]!.tokenHash,
    window: '9',
  })
  hall.timezone = 'Mars/Olympus'
  const dir = await files(t, hall)
  const r = loadEdgeSettings('hall.json', { QMS_HTTP_PORT: 'eighty' }, dir)
  t.notOk(r.ok)
  if (r.ok) return
  const byPath = new Map(r.problems.map((p) => [p.path, p]))
  t.match(byPath.get('/windows/1/categories/2'), {
    reason: /unknown category NO-SUCH/,
    fix: /HJ-SFZ/,
  })
  t.match(byPath.get(`/devices/${hall.devices.length - 1}/window`), {
    fix: /one of the hall's windows: 1, 2, 3/,
  })
  t.match(byPath.get('/timezone'), { fix: /Asia\/Shanghai/ })
  t.match(byPath.get('env QMS_HTTP_PORT'), { fix: /0 to 65535/ })
})

t.test('unreadable files are named', async (t) => {
  const dir = await files(t, '{ "id": ')
  const bad = loadEdgeSettings('hall.json', {}, dir)
  t.match(bad, { ok: false, problems: [{ path: '--config', reason: /not valid JSON/ }] })
  const missing = loadEdgeSettings('nope.json', {}, dir)
  t.match(missing, { ok: false, problems: [{ path: '--config', reason: /ENOENT/ }] })
  const dir2 = await files(t, testHall({ catalogue: 'missing.json' }))
  t.match(loadEdgeSettings('hall.json', {}, dir2), {
    ok: false,
    problems: [{ path: '/catalogue', reason: /ENOENT/ }],
  })
})
