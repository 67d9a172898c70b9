import { type TLiteral, type TObject, type TUnion, Type } from '@sinclair/typebox'

/**
 * A union of object schemas told apart by one literal property (`op`, `type`, `cmd`, `ok`).
 * It is an ordinary JSON Schema `anyOf` with an OpenAPI `discriminator`, so fastify and the
 * API docs read it as usual; `validate()` uses the tag to name the failing variant's field
 * instead of answering "expected union value".
 */
export interface TaggedUnionInfo {
  key: string
  variants: Map<string | number | boolean, TObject>
}

const registry = new WeakMap<object, TaggedUnionInfo>()

export function TaggedUnion<K extends string, V extends TObject[]>(
  key: K,
  variants: [...V],
  options: { $id?: string; title?: string; description?: string } = {},
): TUnion<V> {
  const map = new Map<string | number | boolean, TObject>()
  for (const variant of variants) {
    const tag = variant.properties[key] as TLiteral | undefined
    if (tag?.const === undefined) throw new Error(`variant lacks literal property ${key}`)
    if (map.has(tag.const)) throw new Error(`duplicate tag ${String(tag.const)} for ${key}`)
    map.set(tag.const, variant)
  }
  const union = Type.Union(variants, {
    ...options,
    discriminator: { propertyName: key },
  }) as unknown as TUnion<V>
  registry.set(union, { key, variants: map })
  return union
}

/** The tag and variants of a schema made by `TaggedUnion`, or undefined for any other. */
export function taggedUnionInfo(schema: object): TaggedUnionInfo | undefined {
  return registry.get(schema)
}

/** The allowed tag values of a tagged union, for docs and error messages. */
export function tagsOf(schema: object): string[] {
  const info = registry.get(schema)
  return info === undefined ? [] : [...info.variants.keys()].map(String)
}
