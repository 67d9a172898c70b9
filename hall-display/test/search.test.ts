import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Catalogue } from '@qms/protocol'
import t from 'tap'
import { createSearchIndex, normalizeQuery, popularKeywords } from '../src/kiosk/search.js'

// The sample district's catalogue: 240 real-sounding items with their pinyin and keywords.
const file = fileURLToPath(import.meta.resolve('@qms/protocol/sample/catalogue.json'))
const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Catalogue
const categories = new Map(catalogue.categories.map((c) => [c.code, c.name]))
const index = createSearchIndex(catalogue.items, categories)
const top = (query: string, n = 3) => index.search(query, n).map((h) => h.item.code)
const nameOf = (code: string) => catalogue.items.find((i) => i.code === code)?.name

t.test('queries are normalised: width, case, spaces and punctuation', async (t) => {
  t.equal(normalizeQuery(' ＳＦＺ '), 'sfz')
  t.equal(normalizeQuery('身份证？'), '身份证')
  t.equal(normalizeQuery('HJ-002'), 'hj002')
})

t.test('pinyin initials: the whole name first, then prefixes, then anywhere in it', async (t) => {
  t.equal(index.size, 240)
  t.equal(top('jmsfzhl', 1)[0], 'HJ-002', '居民身份证换领 by its full initials')
  t.equal(nameOf(top('jmsfzhl', 1)[0] as string), '居民身份证换领')
  const sfz = index.search('sfz', 30)
  t.ok(sfz.length >= 10, `${sfz.length} items for sfz`)
  const inside = sfz.filter((h) => h.item.pinyin.includes('sfz'))
  t.ok(inside.length >= 10)
  t.same(
    sfz.slice(0, inside.length),
    inside,
    'initials found as they are rank above looser matches',
  )
  t.equal(sfz[0]?.why, 'pinyin')
  t.ok(top('jmsfz', 1)[0]?.startsWith('HJ-'), 'a prefix of the initials')
  t.ok(
    (index.search('jmsfz', 5)[0]?.score ?? 0) > (index.search('sfz', 5)[0]?.score ?? 0),
    'a prefix ranks above a match inside',
  )
  t.same(index.search('qqqqqq'), [], 'nothing for nonsense')
})

t.test('Chinese words: the name, then the words people use, then the characters', async (t) => {
  t.equal(nameOf(top('居民身份证换领', 1)[0] as string), '居民身份证换领', 'the exact name first')
  t.equal(top('换身份证', 1)[0], 'HJ-002', 'a keyword: 换身份证')
  t.equal(top('身份证丢了', 1)[0], 'HJ-003', 'a sentence: part name, part keyword (丢了 → 补领)')
  t.equal(top('我要换驾驶证', 1)[0], 'JG-028', 'the words around the request are ignored')
  t.equal(nameOf('JG-028'), '机动车驾驶证换证')
  t.equal(nameOf(top('驾驶证过期了怎么办', 1)[0] as string), '机动车驾驶证换证')
  const passport = index.search('护照', 10)
  t.ok(passport.length >= 2)
  t.ok(
    passport.slice(0, 2).every((h) => h.item.name.includes('护照')),
    'items named 护照 come before those that only mention it',
  )
  const chars = index.search('证身换', 5)
  t.ok(
    chars.some((h) => h.item.code === 'HJ-002' && h.why === 'characters'),
    'all the characters, in any order',
  )
})

t.test('English words and item codes', async (t) => {
  t.ok(
    index.search('passport', 5).every((h) => /passport/i.test(h.item.nameEn ?? '')),
    'English name words',
  )
  t.same(top('HJ-002', 1), ['HJ-002'])
  t.same(top('hj002', 1), ['HJ-002'])
})

t.test('several words must all match', async (t) => {
  const both = index.search('身份证 补', 10)
  t.ok(both.length > 0)
  t.ok(both.every((h) => `${h.item.name}${h.item.keywords.join('')}`.includes('补')))
  t.same(index.search('身份证 qqqqqq'), [])
})

t.test('empty and odd queries find nothing and break nothing', async (t) => {
  for (const q of ['', '   ', '？？', '\u0000', '%', 'x'.repeat(10_000)])
    t.same(index.search(q), [], JSON.stringify(q.slice(0, 10)))
  t.equal(index.search('sfz', 0).length, 0, 'limit 0')
  t.equal(index.search('s', 5).length, 5, 'limit')
})

t.test('ties go to what more people are waiting for', async (t) => {
  const items = [
    { code: 'A', name: '甲事项', category: 'X', pinyin: 'jsx', keywords: [], waiting: 1 },
    { code: 'B', name: '乙事项', category: 'X', pinyin: 'ysx', keywords: [], waiting: 9 },
  ]
  t.same(
    createSearchIndex(items)
      .search('sx')
      .map((h) => h.item.code),
    ['B', 'A'],
  )
})

t.test('popular keywords make one-touch search buttons', async (t) => {
  const words = popularKeywords(catalogue.items, 8)
  t.equal(words.length, 8)
  t.ok(words.includes('身份证'), words.join(' '))
  t.ok(words.includes('护照'), 'words found in item names, not only in keywords')
  t.notOk(
    words.some((w) => words.some((o) => o !== w && o.includes(w))),
    'no word inside another',
  )
  t.same(popularKeywords([], 8), [])
})
