/**
 * Caller keypads on serial lines (RS-232/RS-485), speaking the `qms-line-1` dialect of
 * edge-agent/docs/serial.md.
 */
export * from './dialect.js'
export { formatError, formatPong, formatResponse, okPayload } from './format-line.js'
export {
  createSerialKeypad,
  type SerialKeypad,
  type SerialKeypadOptions,
  type SerialKeypadState,
} from './keypad.js'
export { type ParsedLine, parseLine } from './parse-line.js'
export { createStamper, serialReqId } from './req-id.js'
