/** A caller keypad on a serial line, speaking the edge's `qms-line-1` dialect. */

export {
  type SerialKeypadSimOptions,
  type SimSerialKeypad,
  startSerialKeypad,
} from './keypad.js'
export type { AnswerLine, KeypadAnswer } from './line-codec.js'
export { parseAnswer, requestLine } from './line-codec.js'
export type { LineState as SerialLineState } from './reconnecting-port.js'
