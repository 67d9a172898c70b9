/**
 * Balancing and guidance: where a person should go for an item — stay, another hall, or the
 * phone (掌办) — and the policies the evaluation compares. Pure functions over a district view;
 * delivery (kiosk, ticket, hall screen, API, hand-off) is the live cloud's.
 */
export { type BalanceHallOptions, balanceHallOf } from './from-state.js'
export { guidanceOf } from './guidance.js'
export {
  createPendingArrivals,
  type PendingArrivals,
  PendingJson,
  type PendingState,
} from './pending.js'
export {
  type BalancePolicy,
  createPolicy,
  POLICY_NAMES,
  type PolicyName,
  type PolicyOptions,
} from './policies.js'
export { candidates, markSent, recommend, spanAt, tripMinutes } from './recommend.js'
export { haversineKm, TRAVEL_DEFAULTS, type TravelOptions, travelMinutes } from './travel.js'
export {
  BALANCE_DEFAULTS,
  type BalanceHall,
  type BalanceOptions,
  type BalanceRequest,
  type Candidate,
  type Recommendation,
  type Whereabouts,
} from './types.js'
