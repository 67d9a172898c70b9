/**
 * Shared test helpers: real brokers and servers on free ports with unique names, each cleaned
 * up by the test that made it.
 */
export * from './aedes.js'
export * from './browser.js'
export * from './child-process.js'
export * from './clock.js'
export * from './free-port.js'
export * from './nats.js'
export * from './nats-server.js'
export * from './pty.js'
export * from './redis.js'
export * from './tcp-proxy.js'
export * from './teardown.js'
export * from './wait.js'
