export { type AnchorOptions, type AnchorResult, oneItemHall, runMMcAnchor } from './anchor.js'
export {
  erlangB,
  type MMc,
  meanWait,
  meanWaitOfWaiters,
  probWait,
  probWaitOver,
  stationaryNumberAt,
} from './erlang-c.js'
