/**
 * The hall pages — the hall screen (`/display/`), the window screen (`/display/window/<n>`) and
 * the kiosk (`/kiosk/`) — built to static files the edge serves, and the pure logic they run on:
 * the announcement queue, the live feed's reconnection, the views drawn from the hall snapshot,
 * the kiosk's search, idle timer and take intents.
 */

export { createIdleTimer, type IdleTimer, type IdleTimerOptions } from './kiosk/idle.js'
export { guidanceForItem, type ItemAdvice, type ItemView, itemView } from './kiosk/item-view.js'
export {
  createSearchIndex,
  normalizeQuery,
  popularKeywords,
  type SearchableItem,
  type SearchHit,
  type SearchIndex,
} from './kiosk/search.js'
export {
  createTakeIntents,
  type KioskMessage,
  NETWORK_MESSAGE,
  type TakeIntents,
  takeErrorMessage,
} from './kiosk/take.js'
export { type BackoffOptions, backoffDelay } from './live/backoff.js'
export {
  createLiveFeed,
  type FeedState,
  type FeedStateName,
  type FeedStats,
  type LiveFeed,
  type LiveFeedOptions,
  parseFeedMessage,
  type SocketLike,
} from './live/live-feed.js'
export { pageFolders, pagesDir, windowPage } from './paths.js'
export {
  type ClockText,
  formatClock,
  formatWait,
  roundMinutes,
  type WaitText,
} from './view/format.js'
export {
  type BannerView,
  bannerOf,
  type CallView,
  callView,
  type HallView,
  type HallViewOptions,
  hallView,
  orderQueues,
  pageOf,
  type QueueView,
  withAnnounce,
} from './view/hall-view.js'
export { type WindowView, windowNoFromPath, windowView } from './view/window-view.js'
export {
  type AnnouncementIn,
  type Announcer,
  type AnnouncerOptions,
  createAnnouncer,
  type Skipped,
  type Speaker,
  type SpokenVia,
  type StepKind,
  type StepOutcome,
  type Utterance,
} from './voice/announcer.js'
export {
  digitsZh,
  isSpokenText,
  SPOKEN_TEXT_MAX,
  SPOKEN_TEXT_PATTERN,
  spokenText,
} from './voice/spoken.js'
export { pickMandarinVoice, type VoiceInfo } from './voice/voices.js'
export {
  chimeSamples,
  chimeWav,
  encodeWav,
  fixWavSizes,
  readWav,
  type WavInfo,
  wavLoudness,
} from './voice/wav.js'
