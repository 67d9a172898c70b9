import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isQmsError } from '@qms/protocol'
import t from 'tap'
import { hashPassword } from '../src/auth/password.js'
import { loadUsers, parseUsers } from '../src/auth/users.js'
import { demoUsersPath } from '../src/console/paths.js'
import { loadDistrict, sampleDistrictPath } from '../src/district/district.js'

const hash = await hashPassword('a password', { N: 1024, r: 8, p: 1 })
const admin = { user: 'admin', role: 'district-admin', password: hash }
const manager = { user: 'hub', role: 'hall-manager', site: 'hub', password: hash }

t.test('a users file gives each account its role and hall', async (t) => {
  const users = parseUsers({ users: [admin, { ...manager, name: '值班长' }] })
  t.equal(users.size, 2)
  t.same(users.get('admin'), {
    user: 'admin',
    name: undefined,
    role: 'district-admin',
    site: undefined,
  })
  t.same(users.get('hub'), { user: 'hub', name: '值班长', role: 'hall-manager', site: 'hub' })
  t.equal(users.passwordHash('hub'), hash)
  t.equal(users.get('nobody'), undefined)
  t.equal(users.passwordHash('nobody'), undefined)
})

t.test('every kind of bad users file is refused with CONFIG_INVALID and where', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', [admin], /users file/],
    ['no users list', {}, /users/],
    ['an unknown field', { users: [{ ...admin, admin: true }] }, /users\/0/],
    ['a bad name', { users: [{ ...admin, user: 'Admin Root' }] }, /users\/0\/user/],
    ['an unknown role', { users: [{ ...admin, role: 'root' }] }, /users\/0\/role/],
    ['a name twice', { users: [admin, { ...manager, user: 'admin' }] }, /listed twice/],
    ['a manager without a hall', { users: [{ ...manager, site: undefined }] }, /needs the hall/],
    ['an admin with a hall', { users: [{ ...admin, site: 'hub' }] }, /has no site/],
    ['a clear-text password', { users: [{ ...admin, password: 'secret' }] }, /hash-password/],
    ['a bad hall id', { users: [{ ...manager, site: 'Hub Hall' }] }, /site/],
  ]
  for (const [what, data, message] of cases) {
    const err = t.throws(() => parseUsers(data), what) as unknown
    t.ok(isQmsError(err) && err.code === 'CONFIG_INVALID', `${what}: CONFIG_INVALID`)
    t.match((err as Error).message, message, what)
  }
})

t.test('a hall manager of a hall the district does not have is refused', async (t) => {
  const err = t.throws(() => parseUsers({ users: [manager] }, new Set(['st-01'])))
  t.match(err, { code: 'CONFIG_INVALID', message: /no hall hub in the district/ })
  t.equal(parseUsers({ users: [manager] }, new Set(['hub'])).size, 1)
})

t.test('a missing or broken users file is CONFIG_INVALID', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-users-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await t.rejects(loadUsers(join(dir, 'none.json')), { code: 'CONFIG_INVALID' })
  const broken = join(dir, 'broken.json')
  await writeFile(broken, '{"users": [')
  await t.rejects(loadUsers(broken), { code: 'CONFIG_INVALID', message: /not JSON/ })
})

t.test('the demo accounts fit the sample district', async (t) => {
  const district = await loadDistrict(sampleDistrictPath())
  const users = await loadUsers(demoUsersPath, new Set(district.sites.keys()))
  t.match(users.get('admin'), { role: 'district-admin' })
  t.match(users.get('hub'), { role: 'hall-manager', site: 'hub' })
  t.match(users.get('st-01'), { role: 'hall-manager', site: 'st-01' })
})
