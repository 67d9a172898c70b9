import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'
import { ERROR_CODES, type ErrorBody, type ErrorCode, QmsError } from './errors.js'
import { taggedUnionInfo } from './tagged-union.js'

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)))
}

/** One thing wrong with a value: where (a JSON pointer) and why. */
export interface Issue {
  path: string
  reason: string
}

export interface InvalidBody extends ErrorBody {
  path: string
  issues: Issue[]
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: InvalidBody }

const MAX_ISSUES = 8
// TextEncoder rather than Buffer: the protocol package also runs in the hall pages' browsers.
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>()

function compile<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema)
  if (check === undefined) {
    check = TypeCompiler.Compile(schema)
    compiled.set(schema, check)
  }
  return check as TypeCheck<T>
}

/** True when `value` matches `schema`. The fast path: no error is built. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return compile(schema).Check(value)
}

/**
 * Checks `value` against `schema`. Returns the typed value, or an error that names the first
 * failing field as a JSON pointer with the reason, and lists up to eight issues. An unknown
 * `op` or `type` gets its own code, so a device learns it spoke a newer protocol.
 */
export function validate<T extends TSchema>(schema: T, value: unknown): Validation<Static<T>> {
  if (matches(schema, value)) return { ok: true, value }
  const { code, issues } = explain(schema, value, '')
  const first = issues[0] ?? { path: '', reason: 'invalid value' }
  const where = first.path === '' ? 'payload' : first.path
  return {
    ok: false,
    error: {
      code,
      message: `${where}: ${first.reason}`,
      messageZh: ERROR_CODES[code].zh,
      path: first.path,
      issues,
    },
  }
}

/** Like `validate`, but throws a QmsError (code BAD_REQUEST or more precise). */
export function expectValid<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const result = validate(schema, value)
  if (result.ok) return result.value
  throw new QmsError(result.error.code, result.error.message, { path: result.error.path })
}

/**
 * Parses a JSON payload (a string or the raw bytes of an MQTT or NATS message) and validates it.
 * Oversize payloads are refused before parsing.
 */
export function parseJson<T extends TSchema>(
  schema: T,
  payload: string | Uint8Array,
  maxBytes = Number.POSITIVE_INFINITY,
): Validation<Static<T>> {
  const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload
  const size = bytes.byteLength
  if (size > maxBytes) {
    return invalid('PAYLOAD_TOO_LARGE', '', `payload is ${size} bytes, the limit is ${maxBytes}`)
  }
  let value: unknown
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : decoder.decode(bytes))
  } catch (err) {
    return invalid('BAD_JSON', '', (err as Error).message)
  }
  return validate(schema, value)
}

function invalid(code: ErrorCode, path: string, reason: string): { ok: false; error: InvalidBody } {
  return {
    ok: false,
    error: {
      code,
      message: `${path === '' ? 'payload' : path}: ${reason}`,
      messageZh: ERROR_CODES[code].zh,
      path,
      issues: [{ path, reason }],
    },
  }
}

function explain(
  schema: TSchema,
  value: unknown,
  base: string,
): { code: ErrorCode; issues: Issue[] } {
  const tagged = taggedUnionInfo(schema)
  if (tagged !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { code: 'BAD_REQUEST', issues: [{ path: base, reason: 'expected an object' }] }
    }
    const tag = (value as Record<string, unknown>)[tagged.key]
    const variant = tagged.variants.get(tag as string)
    if (variant === undefined) {
      const allowed = [...tagged.variants.keys()].join(', ')
      const reason =
        tag === undefined
          ? `required property is missing (one of: ${allowed})`
          : `unknown ${tagged.key} ${JSON.stringify(tag)} (one of: ${allowed})`
      const code: ErrorCode =
        tag === undefined
          ? 'BAD_REQUEST'
          : tagged.key === 'op'
            ? 'UNKNOWN_OP'
            : tagged.key === 'type'
              ? 'UNKNOWN_TYPE'
              : 'BAD_REQUEST'
      return { code, issues: [{ path: `${base}/${tagged.key}`, reason }] }
    }
    return explain(variant, value, base)
  }
  const plain = pickVariant(schema, value)
  if (plain !== undefined) return explain(plain, value, base)
  const issues: Issue[] = []
  for (const error of compile(schema).Errors(value)) {
    const path = base + error.path
    // A nested tagged union reports only "expected union value"; look inside for the real field.
    const nested = taggedUnionInfo(error.schema)
    if (nested !== undefined) {
      issues.push(...explain(error.schema, valueAt(value, error.path), path).issues)
    } else {
      issues.push({ path, reason: lowerFirst(error.message) })
    }
    if (issues.length >= MAX_ISSUES) break
  }
  return { code: 'BAD_REQUEST', issues: dedupe(issues) }
}

/**
 * For a plain union (`anyOf`) whose literal fields single out one variant, e.g. a response with
 * `ok: true`, that variant; otherwise undefined.
 */
function pickVariant(schema: TSchema, value: unknown): TSchema | undefined {
  const variants = (schema as { anyOf?: TSchema[] }).anyOf
  if (variants === undefined || typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  const fits = variants.filter((variant) => {
    const tagged = taggedUnionInfo(variant)
    if (tagged !== undefined) {
      const first = tagged.variants.values().next().value
      return (
        tagged.variants.has(record[tagged.key] as string) &&
        first !== undefined &&
        literalsFit(first, record, tagged.key)
      )
    }
    return literalsFit(variant, record)
  })
  return fits.length === 1 ? fits[0] : undefined
}

function literalsFit(schema: TSchema, record: Record<string, unknown>, skip?: string): boolean {
  const props = (schema as { properties?: Record<string, TSchema> }).properties
  if (props === undefined) return false
  return Object.entries(props).every(
    ([k, p]) => k === skip || p.const === undefined || record[k] === p.const,
  )
}

function valueAt(value: unknown, pointer: string): unknown {
  let current = value
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.reason}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1)
}
