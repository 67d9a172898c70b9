import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { nkeys } from '@nats-io/transport-node'
import t, { type Test } from 'tap'
import { ENV_OVERRIDES, loadEdgeSettings } from '../src/config/index.js'
import { readSeedFile } from '../src/uplink/seed.js'
import { tempDir } from './fixtures/agent.js'
import { testCatalogue, testHall } from './fixtures/hall.js'

/* The uplink's settings: the hall file's `uplink`, the environment over it, seed files. */

const seed = () => new TextDecoder().decode(nkeys.createUser().getSeed())

async function hallWith(t: Test, uplink?: unknown, extra: Record<string, string> = {}) {
  const dir = await tempDir(t, 'qms-uplink-config-')
  await writeFile(join(dir, 'catalogue.json'), JSON.stringify(testCatalogue()))
  await writeFile(
    join(dir, 'hall.json'),
    JSON.stringify({ ...testHall(), catalogue: 'catalogue.json', ...(uplink ? { uplink } : {}) }),
  )
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text)
  return dir
}

t.test('the hall file’s uplink with names and a district seeds file', async (t) => {
  const mine = seed()
  const dir = await hallWith(
    t,
    { servers: ['nats://cloud:4222'], root: 'cx', streamPrefix: 'CX', seedFile: 'seeds.json' },
    { 'seeds.json': JSON.stringify({ 'other-hall': seed(), 'test-hall': mine }) },
  )
  const r = loadEdgeSettings('hall.json', {}, dir)
  t.ok(r.ok)
  if (!r.ok) return
  t.match(r.settings.uplink, {
    servers: ['nats://cloud:4222'],
    root: 'cx',
    streamPrefix: 'CX',
    nkeySeed: mine,
    seedFile: join(dir, 'seeds.json'),
  })
})

t.test('the environment over the file: credentials, names, a bare seed file', async (t) => {
  const mine = seed()
  const dir = await hallWith(
    t,
    { servers: ['nats://cloud:4222'], user: 'file-user' },
    {
      'hall.seed': `${mine}\n`,
    },
  )
  const r = loadEdgeSettings(
    'hall.json',
    {
      QMS_NATS_USER: 'env-user',
      QMS_NATS_PASSWORD: 'pw',
      QMS_NATS_TOKEN: 'tok',
      QMS_NATS_ROOT: 'r1',
      QMS_STREAM_PREFIX: 'R1',
      QMS_NATS_SEED_FILE: join(dir, 'hall.seed'),
    },
    dir,
  )
  t.ok(r.ok)
  if (!r.ok) return
  t.match(r.settings.uplink, {
    user: 'env-user',
    password: 'pw',
    token: 'tok',
    root: 'r1',
    streamPrefix: 'R1',
    nkeySeed: mine,
  })
  const direct = loadEdgeSettings('hall.json', { QMS_NATS_NKEY_SEED: mine }, dir)
  t.equal(direct.ok && direct.settings.uplink?.nkeySeed, mine)
})

t.test('credentials without servers make no uplink', async (t) => {
  const dir = await hallWith(t)
  const r = loadEdgeSettings('hall.json', { QMS_NATS_USER: 'u', QMS_NATS_ROOT: 'x' }, dir)
  t.ok(r.ok)
  t.equal(r.ok && r.settings.uplink, undefined)
})

t.test(
  'bad uplink settings: every problem with its variable and a fix, no secret echoed',
  async (t) => {
    const dir = await hallWith(t, { servers: ['nats://cloud:4222'] })
    const r = loadEdgeSettings(
      'hall.json',
      {
        QMS_NATS_ROOT: 'a.b',
        QMS_STREAM_PREFIX: 'X Y',
        QMS_NATS_NKEY_SEED: 'not-a-seed-secret',
      },
      dir,
    )
    t.notOk(r.ok)
    if (r.ok) return
    const by = new Map(r.problems.map((p) => [p.path, p]))
    t.match(by.get('env QMS_NATS_ROOT'), { fix: /QMS_NATS_ROOT/ })
    t.match(by.get('env QMS_STREAM_PREFIX'), { fix: /QMS_STREAM_PREFIX/ })
    t.match(by.get('env QMS_NATS_NKEY_SEED'), { reason: 'not a user nkey seed', fix: /SU…/ })
    t.notMatch(JSON.stringify(r.problems), /not-a-seed-secret/)
  },
)

t.test('seed files that do not hold this hall’s seed', async (t) => {
  const dir = await hallWith(
    t,
    { servers: ['nats://cloud:4222'], seedFile: 'missing.json' },
    {
      'others.json': JSON.stringify({ 'other-hall': seed() }),
      'broken.json': '{"test-hall": ',
      'junk.seed': 'hello',
    },
  )
  const missing = loadEdgeSettings('hall.json', {}, dir)
  t.notOk(missing.ok)
  t.match(!missing.ok && missing.problems, [
    { path: '/uplink/seedFile', reason: /cannot read .*missing\.json: ENOENT/ },
  ])
  t.match(readSeedFile(join(dir, 'others.json'), 'test-hall'), {
    ok: false,
    reason: /no seed for hall test-hall/,
  })
  t.match(readSeedFile(join(dir, 'broken.json'), 'test-hall'), {
    ok: false,
    reason: /not valid JSON/,
  })
  t.match(readSeedFile(join(dir, 'junk.seed'), 'test-hall'), { ok: false, reason: /nkey seed/ })
  const env = loadEdgeSettings('hall.json', { QMS_NATS_SEED_FILE: join(dir, 'junk.seed') }, dir)
  t.match(!env.ok && env.problems, [{ path: 'env QMS_NATS_SEED_FILE' }])
})

t.test('the uplink’s variables are in the help', async (t) => {
  for (const name of [
    'QMS_NATS_USER',
    'QMS_NATS_PASSWORD',
    'QMS_NATS_TOKEN',
    'QMS_NATS_NKEY_SEED',
    'QMS_NATS_SEED_FILE',
    'QMS_NATS_ROOT',
    'QMS_STREAM_PREFIX',
  ])
    t.ok(name in ENV_OVERRIDES, name)
})
