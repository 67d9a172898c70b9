import type { Priority } from '@qms/protocol'
import type { PredictInput, Prediction, PredictTarget, WaitPredictor } from './types.js'

/*
 * A refresh of one hall, as the live cloud runs it on every change: every waiting ticket and a
 * newcomer for every item the hall offers (normal and priority), in one call of the predictor —
 * for the forward simulation, one set of runs serves them all.
 */

export interface HallRefresh {
  /** Waiting ticket → its prediction (minutes from now until its call). */
  tickets: Map<string, Prediction>
  /** `<item>` (normal) or `<item> priority` → the prediction for someone taking a number now. */
  newcomers: Map<string, Prediction>
}

export function refreshHall(
  predictor: WaitPredictor,
  input: PredictInput,
  options: { priorities?: boolean } = {},
): HallRefresh {
  const targets: PredictTarget[] = []
  const names: Array<{ kind: 'ticket' | 'newcomer'; key: string }> = []
  for (const t of input.state.open.values()) {
    if (t.state !== 'waiting') continue
    targets.push({ ticket: t.ticket })
    names.push({ kind: 'ticket', key: t.ticket })
  }
  const classes: Priority[] = options.priorities === false ? ['normal'] : ['normal', 'elderly']
  for (const item of input.state.model.offered.values()) {
    for (const priority of classes) {
      targets.push({ item: item.code, priority })
      names.push({
        kind: 'newcomer',
        key: priority === 'normal' ? item.code : `${item.code} priority`,
      })
    }
  }
  const predictions = predictor.predict(input, targets)
  const out: HallRefresh = { tickets: new Map(), newcomers: new Map() }
  predictions.forEach((p, i) => {
    const n = names[i]!
    if (p === undefined) return
    if (n.kind === 'ticket') out.tickets.set(n.key, p)
    else out.newcomers.set(n.key, p)
  })
  return out
}
