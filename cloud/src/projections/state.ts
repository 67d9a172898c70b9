import type {
  CurrentCall,
  DeviceLive,
  OpenTicket,
  SiteKind,
  TicketHistoryEntry,
  WindowLive,
} from '@qms/protocol'

/*
 * One hall's live state as the projection holds it. The instance that owns the hall keeps it in
 * memory, changes it event by event with the pure appliers, and writes what changed to Redis in
 * the same atomic step that advances the hall's checkpoint. Redis holds the same state, so a new
 * owner loads it from there.
 */

/** An open ticket with the features known when it was issued, kept for its history entry. */
export interface TicketRecord extends OpenTicket {
  /** Local day of issue. */
  day: string
  hour: number
  weekday: number
  waitingAtIssue: number
  waitingItemAtIssue: number
  openWindowsAtIssue: number
  /** The projection did not see this ticket issued: no wait figure, no history entry. */
  partial?: true
}

export interface SiteInfo {
  name?: string
  nameEn?: string
  kind?: SiteKind
  configHash?: string
  items?: string[]
}

export interface SiteState {
  site: string
  /** Last applied event seq; 0 before the first. */
  seq: number
  /** Timestamp of the last applied event. */
  ts?: string
  /** Local day of the last applied event. */
  day?: string
  /** IANA zone the hall's days are counted in. */
  timezone: string
  info: SiteInfo
  windows: Map<string, WindowLive>
  tickets: Map<string, TicketRecord>
  devices: Map<string, DeviceLive>
  /** Newest first. */
  calls: CurrentCall[]
}

/** How many recent calls a hall's state keeps (the hall screen shows a few). */
export const MAX_CALLS = 10

export function emptySiteState(site: string, timezone: string): SiteState {
  return {
    site,
    seq: 0,
    timezone,
    info: {},
    windows: new Map(),
    tickets: new Map(),
    devices: new Map(),
    calls: [],
  }
}

/** What the appliers know beyond the event: the catalogue, the hall's default zone. */
export interface ApplyContext {
  /** Category of an item, from the catalogue; undefined when unknown. */
  categoryOf(item: string): string | undefined
}

export type HistoryOutcome = TicketHistoryEntry['outcome']
