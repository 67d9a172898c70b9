/** Version of every message envelope; it also names the MQTT topic root (`qms/v1`). */
export const PROTOCOL_VERSION = 1 as const

/** Largest device request, response or status payload the edge accepts, in bytes. */
export const MAX_DEVICE_PAYLOAD_BYTES = 4096

/** Largest event envelope or cloud command, in bytes (a site snapshot is the biggest). */
export const MAX_EVENT_BYTES = 256 * 1024
