/*
 * Finding an item at the kiosk. Many citizens cannot name the item they need: they type what
 * they came for (换身份证, 护照), or the first letters of its pinyin on the on-screen keyboard
 * (居民身份证换领 → jmsfzhl, or just sfz). One query is matched against the item's name, its
 * pinyin initials, the words people use for it (keywords), its category, its English name and
 * its code, and the results are ranked: a whole-name match first, then what starts like the
 * query, then what contains it, then looser matches.
 */

export interface SearchableItem {
  code: string
  name: string
  nameEn?: string
  category: string
  /** Pinyin initials of the name, lower case (居民身份证换领 → jmsfzhl). */
  pinyin: string
  keywords: readonly string[]
  /** People waiting for it now: the tie-breaker (what people come for most comes first). */
  waiting?: number
}

export interface SearchHit<T extends SearchableItem> {
  item: T
  score: number
  /** What matched, for the page to say why an item is listed. */
  why: 'name' | 'pinyin' | 'keyword' | 'category' | 'english' | 'code' | 'characters'
}

export interface SearchIndex<T extends SearchableItem> {
  search(query: string, limit?: number): SearchHit<T>[]
  readonly size: number
}

interface Entry<T> {
  item: T
  order: number
  name: string
  pinyin: string
  keywords: string[]
  category: string
  english: string[]
  code: string
  /** Every character of the name, keywords and category: a query sharing none is no match. */
  chars: Set<string>
}

const CJK = /[\u3400-\u9fff]/
// What people say around what they want: 我要换身份证, 驾驶证过期了怎么办.
const LEADING = /^(请问|我要|我想|想要|需要|要|想|怎么|如何|帮我)+/
const TRAILING = /(怎么办理|怎么办|怎么弄|在哪办|在哪里办|去哪办|吗|呢)+$/

/** A Chinese query without the words around the request (at least two characters stay). */
function stripFiller(q: string): string {
  const stripped = q.replace(LEADING, '').replace(TRAILING, '')
  return stripped.length >= 2 ? stripped : q
}

/** Query text as matched: NFKC (full-width letters become ASCII), lower case, no spaces or punctuation. */
export function normalizeQuery(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
}

const isSubsequence = (needle: string, hay: string) => {
  let i = 0
  for (const ch of hay) if (ch === needle[i]) i++
  return i === needle.length
}

function latinScore<T>(e: Entry<T>, q: string): [number, SearchHit<SearchableItem>['why']] {
  let best: [number, SearchHit<SearchableItem>['why']] = [0, 'pinyin']
  const take = (score: number, why: SearchHit<SearchableItem>['why']) => {
    if (score > best[0]) best = [score, why]
  }
  if (e.code === q) take(98, 'code')
  else if (q.length >= 3 && e.code.startsWith(q)) take(60, 'code')
  if (e.pinyin === q) take(100, 'pinyin')
  else if (e.pinyin.startsWith(q)) take(90 - Math.min(10, e.pinyin.length - q.length), 'pinyin')
  else {
    const at = e.pinyin.indexOf(q)
    if (at >= 0) take(75 - Math.min(10, at) - Math.min(5, e.pinyin.length - q.length) / 2, 'pinyin')
    else if (q.length >= 3 && isSubsequence(q, e.pinyin))
      take(40 - Math.min(10, e.pinyin.length - q.length), 'pinyin')
  }
  if (q.length >= 3) {
    for (const w of e.english) {
      if (w === q) take(62, 'english')
      else if (w.startsWith(q)) take(55, 'english')
    }
  }
  return best
}

/** Share of the query covered by pieces (2+ characters) found in the name or in a keyword. */
function coverage<T>(e: Entry<T>, q: string): { share: number; byKeyword: boolean } {
  const covered = new Array<boolean>(q.length).fill(false)
  let byKeyword = 0
  let byName = 0
  for (let i = 0; i < q.length - 1; i++) {
    for (let j = q.length; j >= i + 2; j--) {
      // The whole query found as it is was scored above.
      if (i === 0 && j === q.length) continue
      const piece = q.slice(i, j)
      const inName = e.name.includes(piece)
      if (!inName && !e.keywords.some((k) => k.includes(piece))) continue
      for (let k = i; k < j; k++) covered[k] = true
      if (inName) byName += piece.length
      else byKeyword += piece.length
      break
    }
  }
  return { share: covered.filter(Boolean).length / q.length, byKeyword: byKeyword > byName }
}

function cjkScore<T>(e: Entry<T>, q: string): [number, SearchHit<SearchableItem>['why']] {
  if (![...q].some((c) => e.chars.has(c))) return [0, 'name']
  let best: [number, SearchHit<SearchableItem>['why']] = [0, 'name']
  const take = (score: number, why: SearchHit<SearchableItem>['why']) => {
    if (score > best[0]) best = [score, why]
  }
  if (e.name === q) take(100, 'name')
  else if (e.name.startsWith(q)) take(92, 'name')
  else if (e.name.includes(q)) take(86, 'name')
  for (const k of e.keywords) {
    if (k === q) take(84, 'keyword')
    else if (k.includes(q)) take(72, 'keyword')
  }
  // A sentence holds pieces of the name and of the item's words (身份证丢了 → 身份证 + 丢了,
  // 驾驶证过期了 → 驾驶证): the more of the query such pieces cover, the better.
  const cover = coverage(e, q)
  if (cover.share > 0) take(45 + Math.round(35 * cover.share), cover.byKeyword ? 'keyword' : 'name')
  if (e.category.includes(q)) take(58, 'category')
  else if (e.category.length >= 2 && q.includes(e.category)) take(54, 'category')
  // The query's characters found in the name, in any order (换身份证 ~ 居民身份证换领): all of
  // them, or most of a longer query (我要换驾驶证 ~ 机动车驾驶证换证).
  const chars = [...new Set(q)].filter((c) => CJK.test(c))
  if (chars.length >= 2) {
    const inName = chars.filter((c) => e.name.includes(c)).length
    if (inName === chars.length) take(50, 'characters')
    else if (inName >= 3 && inName / chars.length >= 0.6)
      take(30 + Math.round(15 * (inName / chars.length)), 'characters')
    else {
      const everywhere = `${e.name}${e.keywords.join('')}`
      if (chars.every((c) => everywhere.includes(c))) take(40, 'characters')
    }
  }
  return best
}

/**
 * Builds the search over `items` (the kiosk's catalogue) and the names of their categories.
 * A query with Chinese characters matches names, keywords and categories; a query of letters
 * and digits matches pinyin initials, English names and codes. Several words separated by
 * spaces must all match.
 */
export function createSearchIndex<T extends SearchableItem>(
  items: readonly T[],
  categoryNames: ReadonlyMap<string, string> = new Map(),
): SearchIndex<T> {
  const entries: Entry<T>[] = items.map((item, order) => ({
    item,
    order,
    name: normalizeQuery(item.name),
    pinyin: normalizeQuery(item.pinyin),
    keywords: item.keywords.map(normalizeQuery).filter((k) => k !== ''),
    category: normalizeQuery(categoryNames.get(item.category) ?? ''),
    english: (item.nameEn ?? '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 2),
    code: normalizeQuery(item.code),
    chars: new Set(''),
  }))
  for (const e of entries) e.chars = new Set(`${e.name}${e.keywords.join('')}${e.category}`)
  return {
    size: entries.length,
    search(query, limit = 30) {
      const terms = query
        .normalize('NFKC')
        .split(/\s+/)
        .map(normalizeQuery)
        .filter((t) => t !== '')
        .slice(0, 6)
      if (terms.length === 0) return []
      const hits: Array<SearchHit<T> & { order: number }> = []
      for (const e of entries) {
        let total = 0
        let why: SearchHit<T>['why'] = 'name'
        let best = 0
        for (const term of terms) {
          const [score, w] = CJK.test(term) ? cjkScore(e, stripFiller(term)) : latinScore(e, term)
          if (score <= 0) {
            total = 0
            break
          }
          total += score
          if (score > best) [best, why] = [score, w]
        }
        if (total > 0) hits.push({ item: e.item, score: total / terms.length, why, order: e.order })
      }
      hits.sort(
        (a, b) =>
          b.score - a.score ||
          (b.item.waiting ?? 0) - (a.item.waiting ?? 0) ||
          a.item.name.length - b.item.name.length ||
          a.order - b.order,
      )
      return hits.slice(0, Math.max(0, limit)).map(({ item, score, why }) => ({ item, score, why }))
    },
  }
}

/**
 * The words most items are known by (身份证, 户口, 护照, 驾驶证 …), for one-touch search buttons: a
 * touch kiosk's citizen may not know pinyin initials either. Candidates are the words people use
 * (keywords, 2–4 characters); the best are those found in the most item names, and a word is
 * skipped when it holds or is held by one already chosen (身份证 / 临时身份证).
 */
export function popularKeywords(items: readonly SearchableItem[], count = 8): string[] {
  const candidates = new Set<string>()
  for (const item of items)
    for (const k of item.keywords)
      if (k.length >= 2 && k.length <= 4 && CJK.test(k)) candidates.add(k)
  const ranked = [...candidates]
    .map((word) => ({ word, names: items.filter((i) => i.name.includes(word)).length }))
    .filter((c) => c.names >= 2)
    .sort(
      (a, b) => b.names - a.names || a.word.length - b.word.length || (a.word < b.word ? -1 : 1),
    )
  const out: string[] = []
  for (const { word } of ranked) {
    if (out.length >= Math.max(0, count)) break
    if (out.some((w) => w.includes(word) || word.includes(w))) continue
    out.push(word)
  }
  return out
}
