import { type Static, Type } from '@sinclair/typebox'
import { Text, TicketNo, Timestamp, WindowNo } from '../ids.js'

/**
 * `qms/v1/<site>/announce`, QoS 1, not retained: one call to announce. Hall screens queue
 * announcements in order and never speak two at once; a recall is announced again.
 */
export const Announce = Type.Object(
  {
    id: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$',
      description: 'Unique per announcement',
    }),
    ticket: TicketNo,
    window: WindowNo,
    windowName: Type.Optional(Text(30)),
    text: Text(120),
    textEn: Type.Optional(Text(200)),
    recall: Type.Boolean(),
    at: Timestamp,
  },
  { additionalProperties: false, $id: 'Announce' },
)
export type Announce = Static<typeof Announce>

/** The Mandarin sentence for a call: 请A023号到5号窗口办理. */
export function announceText(ticket: string, window: string): string {
  return `请${ticket}号到${window}号窗口办理`
}

/** The English sentence for a call. */
export function announceTextEn(ticket: string, window: string): string {
  return `Number ${ticket.split('').join(' ')}, please go to window ${window}.`
}
