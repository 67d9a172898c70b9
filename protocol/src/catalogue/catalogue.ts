import { type Static, Type } from '@sinclair/typebox'
import { BranchCode, CategoryCode, ItemCode, Text, TicketPrefix, Url } from '../ids.js'

/*
 * The item catalogue: branches (警种), categories (大类) with their ticket prefix, and items
 * (事项). Several categories of one branch may share a prefix; a prefix never spans branches.
 */

const closed = { additionalProperties: false } as const

export const Branch = Type.Object({ code: BranchCode, name: Text(30), nameEn: Text(80) }, closed)
export type Branch = Static<typeof Branch>

export const Category = Type.Object(
  {
    code: CategoryCode,
    name: Text(30),
    nameEn: Text(80),
    branch: BranchCode,
    prefix: TicketPrefix,
  },
  closed,
)
export type Category = Static<typeof Category>

export const Item = Type.Object(
  {
    code: ItemCode,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    category: CategoryCode,
    keywords: Type.Array(Text(20), { maxItems: 16, description: 'Words people use for it' }),
    pinyin: Type.String({
      pattern: '^[a-z0-9]{1,40}$',
      description: 'Pinyin initials of the name, for kiosk search',
    }),
    meanMinutes: Type.Number({
      exclusiveMinimum: 0,
      maximum: 240,
      description: 'Mean handling time',
    }),
    cv: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 3,
        description: 'Coefficient of variation of handling time',
      }),
    ),
    online: Type.Boolean({ description: 'Can be done fully online (掌办)' }),
    onlineUrl: Type.Optional(Url),
    materials: Type.Array(Text(80), { maxItems: 16 }),
    anywhere: Type.Boolean({ description: '通办: can be handled at any hall of the district' }),
    demand: Type.Optional(
      Type.Number({ minimum: 0, description: 'Relative share of visits, for scenarios' }),
    ),
  },
  closed,
)
export type Item = Static<typeof Item>

export const Catalogue = Type.Object(
  {
    version: Type.String({ maxLength: 32 }),
    branches: Type.Array(Branch, { minItems: 1, maxItems: 64 }),
    categories: Type.Array(Category, { minItems: 1, maxItems: 256 }),
    items: Type.Array(Item, { minItems: 1, maxItems: 2000 }),
  },
  { ...closed, $id: 'Catalogue' },
)
export type Catalogue = Static<typeof Catalogue>
