/** The part of a tap test the helpers need: somewhere to register cleanup. */
export interface Teardown {
  teardown(fn: () => unknown): void
}

/** A unique, name-safe id for test resources: streams, consumers, key prefixes, databases. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
}
