import { estimateItemWait, estimateTicketWait } from '@qms/edge-agent/queue'
import type { WaitPredictor } from '../types.js'
import { erlangCPredictor } from './erlang-c.js'
import { headOfLine, lastToEnterService, rollingMean } from './history.js'
import { type PointFn, type PointPredictorOptions, pointPredictor } from './point.js'
import { queueLength, skillQueueLength } from './queue-length.js'

/** The edge's own local estimate (the fallback a hall shows when the cloud is away). */
export const edgeLocal: PointFn = ({ state, now }, r) =>
  r.ticket !== undefined
    ? estimateTicketWait(state, r.ticket, now).minutes
    : estimateItemWait(state, r.item, now, r.priority).minutes

export const BASELINES: ReadonlyArray<{ name: string; label: string; fn: PointFn }> = [
  { name: 'ql', label: 'QL: people ahead × mean service ÷ open windows', fn: queueLength },
  {
    name: 'ql-skill',
    label: 'skill-aware QL: same-category ahead × mean ÷ share-weighted eligible windows',
    fn: skillQueueLength,
  },
  { name: 'les', label: 'LES: wait of the last same-item ticket called', fn: lastToEnterService },
  { name: 'hol', label: 'HOL: time the head of the line has waited', fn: headOfLine },
  { name: 'rolling10', label: 'mean of the last 10 same-item waits', fn: rollingMean },
  {
    name: 'erlang-c',
    label: 'Erlang C (M/M/s) at the last hour’s arrival rate',
    fn: erlangCPredictor,
  },
  {
    name: 'edge',
    label: 'the edge’s local estimate (work ahead ÷ eligible windows)',
    fn: edgeLocal,
  },
]

/** Every baseline, each with its own residual-conformal interval. */
export function createBaselines(options: PointPredictorOptions = {}): WaitPredictor[] {
  return BASELINES.map((b) => pointPredictor(b.name, b.label, b.fn, options))
}

export { erlangC, erlangCWait } from './erlang-c.js'
export { headOfLine, lastToEnterService, rollingMean } from './history.js'
export { type PointFn, pointPredictor } from './point.js'
export {
  categoryMean,
  effectiveWindows,
  peopleAhead,
  queueLength,
  sameCategoryAhead,
  skillQueueLength,
  windowShare,
} from './queue-length.js'
