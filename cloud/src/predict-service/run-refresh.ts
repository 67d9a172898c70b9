import { createHallModel, type HallModel } from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig } from '@qms/protocol'
import {
  type CalibrationState,
  createForwardPredictor,
  type HallPlan,
  type HallStats,
  type Prediction,
  refreshHall,
} from '../predict/index.js'
import { importState, type StateTransfer } from './state-transfer.js'

/*
 * One refresh of a hall: the colleague's forward predictor (with the hall's calibration) over
 * every waiting ticket and a newcomer to every offered item, on a state rebuilt from a transfer.
 * The same function runs in a worker thread and, with no workers, on the main thread.
 */

export interface RefreshTask {
  site: string
  /** Names the hall's configuration: the model is built once per key. */
  configKey: string
  /** The configuration, when the runner may not have it yet. */
  hall?: HallConfig
  state: StateTransfer
  stats: HallStats
  calibration?: CalibrationState
  now: number
  runs: number
  plan?: HallPlan
}

export interface RefreshOutput {
  tickets: Array<[string, Prediction]>
  newcomers: Array<[string, Prediction]>
  /** Milliseconds the prediction took where it ran. */
  ms: number
}

/** Builds models once per configuration key and runs refreshes. */
export function createRefreshRunner(catalogue: Catalogue) {
  const models = new Map<string, { key: string; model: HallModel }>()
  return {
    /** Whether the model for this key is built (the hall need not be sent again). */
    has: (site: string, key: string) => models.get(site)?.key === key,
    run(task: RefreshTask): RefreshOutput {
      const began = performance.now()
      let entry = models.get(task.site)
      if (entry?.key !== task.configKey) {
        if (task.hall === undefined) throw new Error(`no configuration for ${task.configKey}`)
        entry = { key: task.configKey, model: createHallModel(task.hall, catalogue) }
        models.set(task.site, entry)
      }
      const state = importState(entry.model, task.state)
      const predictor = createForwardPredictor({
        runs: task.runs,
        ...(task.calibration === undefined ? {} : { state: structuredClone(task.calibration) }),
      })
      const r = refreshHall(predictor, {
        state,
        stats: task.stats,
        now: task.now,
        ...(task.plan === undefined ? {} : { plan: task.plan }),
      })
      return {
        tickets: [...r.tickets],
        newcomers: [...r.newcomers],
        ms: performance.now() - began,
      }
    },
  }
}
