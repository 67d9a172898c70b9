import t from 'tap'
import { ownerOf, sitesOf } from '../src/ownership/assign.js'

const sites = Array.from({ length: 42 }, (_, i) =>
  i === 0 ? 'hub' : `st-${String(i).padStart(2, '0')}`,
)

t.test(
  'every hall has exactly one owner among the members, the same on every instance',
  async (t) => {
    const members = ['a', 'b', 'c']
    const shares = members.map((m) => sitesOf(m, sites, members))
    t.equal(shares.flat().length, sites.length)
    t.same(new Set(shares.flat()).size, sites.length)
    t.same(sitesOf('b', sites, ['c', 'a', 'b']), shares[1], 'member order does not matter')
  },
)

t.test('halls spread over the members', async (t) => {
  const members = ['cloud-1', 'cloud-2', 'cloud-3']
  for (const m of members) {
    const n = sitesOf(m, sites, members).length
    t.ok(n >= 6 && n <= 22, `${m} owns ${n} of 42`)
  }
})

t.test('when a member leaves only its halls move', async (t) => {
  const before = ['a', 'b', 'c']
  const after = ['a', 'c']
  for (const site of sites) {
    const was = ownerOf(site, before)
    if (was !== 'b') t.equal(ownerOf(site, after), was, `${site} stays with ${was}`)
  }
})

t.test('no members, no owner', async (t) => {
  t.equal(ownerOf('hub', []), undefined)
})
