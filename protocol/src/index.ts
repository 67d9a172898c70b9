/**
 * The hall queue system's protocol: every message that crosses a process boundary, as a TypeBox
 * schema (JSON Schema at run time, a TypeScript type at compile time), the topics and subjects
 * they travel on, and the error codes replies carry. Data and pure functions only; it runs in
 * Node and in the browser.
 */
export * from './catalogue/catalogue.js'
export * from './clock.js'
export * from './cloud/commands.js'
export * from './cloud/expiry.js'
export * from './cloud/rpc.js'
export * from './config/consistency.js'
export * from './config/hall.js'
export * from './config/offer.js'
export * from './device/acl.js'
export * from './device/commands.js'
export * from './device/requests.js'
export * from './device/responses.js'
export * from './device/status.js'
export * from './display/announce.js'
export * from './display/snapshot.js'
export * from './domain.js'
export * from './errors.js'
export * from './events/data.js'
export * from './events/envelope.js'
export * from './http/cloud.js'
export * from './http/edge.js'
export * from './ids.js'
export * from './scenario/schema.js'
export * from './scenario/validate.js'
export * from './tagged-union.js'
export * from './topics.js'
export * from './validate.js'
export * from './version.js'
