import type { Issue } from '@qms/protocol'

/*
 * A configuration problem names the field and the fix. Schema issues carry the JSON pointer and
 * TypeBox's reason; consistency issues carry a sentence; both get a fix written for a person
 * editing the hall file.
 */

export interface ConfigProblem {
  /** Where: a JSON pointer into the file, or an environment variable. */
  path: string
  reason: string
  fix: string
}

interface SchemaLike {
  description?: string
  pattern?: string
  minimum?: number
  maximum?: number
  const?: unknown
  anyOf?: SchemaLike[]
  properties?: Record<string, SchemaLike>
  patternProperties?: Record<string, SchemaLike>
  items?: SchemaLike
  default?: unknown
}

/** The sub-schema at a JSON pointer. */
function schemaAt(root: SchemaLike, pointer: string): SchemaLike | undefined {
  let s: SchemaLike | undefined = root
  for (const raw of pointer.split('/').slice(1)) {
    if (s === undefined) return undefined
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (s.properties?.[key] !== undefined) s = s.properties[key]
    else if (s.items !== undefined && /^[0-9]+$/.test(key)) s = s.items
    else if (s.patternProperties !== undefined) s = Object.values(s.patternProperties)[0]
    else return undefined
  }
  return s
}

const last = (path: string) => path.split('/').pop() ?? ''

/** A fix for a schema issue, from the schema's own description and constraints. */
export function schemaFix(root: SchemaLike, issue: Issue): string {
  const reason = issue.reason.toLowerCase()
  if (reason.includes('required property')) {
    const parent = schemaAt(root, issue.path.split('/').slice(0, -1).join('/'))
    const field = parent?.properties?.[last(issue.path)] ?? schemaAt(root, issue.path)
    return `add "${last(issue.path)}"${field?.description === undefined ? '' : ` (${field.description})`}`
  }
  const here = schemaAt(root, issue.path)
  if (reason.includes('unexpected property')) {
    const parent = schemaAt(root, issue.path.split('/').slice(0, -1).join('/'))
    const allowed = Object.keys(parent?.properties ?? {})
    return `remove "${last(issue.path)}"${allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : ''}`
  }
  const literals = here?.anyOf?.map((v) => v.const).filter((v) => v !== undefined)
  if (literals !== undefined && literals.length > 0)
    return `use one of: ${literals.map((v) => JSON.stringify(v)).join(', ')}`
  if (here?.minimum !== undefined || here?.maximum !== undefined)
    return `use a number from ${here.minimum ?? '…'} to ${here.maximum ?? '…'}`
  if (here?.description !== undefined) return `expected: ${here.description}`
  if (here?.pattern !== undefined) return `use a value matching ${here.pattern}`
  return 'see the HallConfig schema (protocol/src/config/hall.ts)'
}

/** A fix for a consistency issue of `checkHall`/`checkCatalogue`. */
export function consistencyFix(
  issue: Issue,
  known: { windows: string[]; categories: string[]; printers: string[] },
): string {
  const r = issue.reason
  const some = (list: string[]) =>
    list.length === 0 ? '(none)' : list.slice(0, 8).join(', ') + (list.length > 8 ? ', …' : '')
  if (/^unknown category/.test(r))
    return `use a category code of the catalogue: ${some(known.categories)}`
  if (/^unknown item/.test(r)) return 'use an item code of the catalogue, or remove it'
  if (/^no window .* in this hall/.test(r))
    return `use one of the hall's windows: ${some(known.windows)}`
  if (/belongs to a window/.test(r)) return `add "window": one of ${some(known.windows)}`
  if (/^no printer/.test(r))
    return `add that printer to "printers", or use one of: ${some(known.printers)}`
  if (/repeats/.test(r)) return 'make it unique'
  if (/^no window serves/.test(r))
    return 'add the category to a window\'s "categories", or remove the item from "items"'
  if (/offers no item/.test(r)) return 'list windows with categories, or items the windows serve'
  if (/^closes at/.test(r)) return 'make "close" later than "open"'
  if (/prefix .* is used by branches/.test(r))
    return 'give one of the categories its own letter in "prefixes"'
  if (/not a caller/.test(r)) return 'name a device of kind "caller"'
  if (/needs its 掌办 link/.test(r)) return 'add "onlineUrl", or set "online": false'
  return 'see the consistency rules in protocol/src/config/consistency.ts'
}
