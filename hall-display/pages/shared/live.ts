import { type EdgeWsMessage, matches, EdgeWsMessage as WsMessageSchema } from '@qms/protocol'
import {
  createLiveFeed,
  type FeedState,
  type LiveFeed,
  parseFeedMessage,
  type SocketLike,
} from '../../src/live/live-feed.js'

/** The edge's `/ws` for this page (same host; wss when the page is https). */
export function feedUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/ws`
}

const isFeedMessage = (v: unknown): v is EdgeWsMessage => matches(WsMessageSchema, v)

/**
 * Connects the page to the edge's live feed, validating every message against the protocol, and
 * keeps it connected. Started at once.
 */
export function connectFeed(handlers: {
  onMessage: (message: EdgeWsMessage) => void
  onState?: (state: FeedState) => void
}): LiveFeed {
  const url = feedUrl()
  const feed = createLiveFeed({
    connect: () => new WebSocket(url) as unknown as SocketLike,
    parse: (data) => parseFeedMessage(data, isFeedMessage),
    onMessage: handlers.onMessage,
    ...(handlers.onState === undefined ? {} : { onState: handlers.onState }),
  })
  feed.start()
  return feed
}
