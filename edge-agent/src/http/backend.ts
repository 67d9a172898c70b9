import type {
  EdgeCatalogue,
  EdgeHealth,
  EdgeState,
  EdgeTakeRequest,
  EdgeWsMessage,
  HallSnapshot,
  TicketStatus,
} from '@qms/protocol'
import type { Outcome } from '../hall/core.js'

/** What the hall's HTTP API serves, as the agent provides it. */
export interface HttpBackend {
  health(): EdgeHealth
  metrics(): Promise<{ contentType: string; body: string }>
  state(): EdgeState
  take(request: EdgeTakeRequest): Promise<Outcome>
  ticket(ticket: string): TicketStatus | undefined
  catalogue(): EdgeCatalogue
  /** The latest hall snapshot, sent to a `/ws` client when it connects. */
  snapshot(): HallSnapshot
  /** Snapshots (coalesced) and announcements as they happen. */
  subscribe(listener: (message: EdgeWsMessage) => void): () => void
}
