import { QmsError, validate } from '@qms/protocol'
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifyInstance } from 'fastify'

/*
 * Route schemas are the protocol's TypeBox schemas. They are checked with the protocol's own
 * validate(), so an HTTP client gets the same error codes and field pointers as a device or a
 * hall (query strings and path parameters are converted to the schema's types first), and answers
 * are written with JSON.stringify: the schemas document them (OpenAPI at
 * /docs) and the routes build them from typed values. A route may name a registered schema by
 * reference (`Type.Ref`): it is looked up in `schemas` by `$id`.
 */
export function installCompilers(app: FastifyInstance, schemas: TSchema[]): void {
  const byId = new Map<string, TSchema>()
  for (const s of schemas) if (typeof s.$id === 'string') byId.set(s.$id, s)
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ref = (schema as { $ref?: string }).$ref
    const target = ref === undefined ? (schema as TSchema) : byId.get(ref)
    if (target === undefined) throw new Error(`unknown schema reference ${ref}`)
    // A URL carries only strings: `?count=5` is the number 5 where the schema says so.
    const convert = httpPart === 'querystring' || httpPart === 'params'
    return (data: unknown) => {
      const result = validate(target, convert ? Value.Convert(target, data) : data)
      if (result.ok) return { value: result.value }
      const where = httpPart === 'body' || httpPart === undefined ? '' : `${httpPart} `
      return {
        error: new QmsError(result.error.code, `${where}${result.error.message}`, {
          path: result.error.path,
        }),
      }
    }
  })
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data))
}
