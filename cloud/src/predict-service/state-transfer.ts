import {
  type CallRecord,
  type HallModel,
  type ItemStats,
  initialState,
  type QueueRules,
  type QueueState,
  type TicketRecord,
  type WindowRecord,
} from '@qms/edge-agent/queue'

/*
 * A hall's queue state as plain data, to hand to a prediction worker thread: what the forward
 * simulation reads (the open tickets, the windows, the rules and counters), not the day's ended
 * tickets. Structured clone carries it; the worker rebuilds the engine's state on its own model.
 */

export interface StateTransfer {
  day: string
  rules: QueueRules
  issued: number
  open: TicketRecord[]
  windows: WindowRecord[]
  persons: Array<[string, string]>
  lastNumbers: Array<[string, number]>
  served: Array<[string, ItemStats]>
  calls: CallRecord[]
}

export function exportState(state: QueueState): StateTransfer {
  return {
    day: state.day,
    rules: { ...state.rules },
    issued: state.issued,
    open: [...state.open.values()],
    windows: [...state.windows.values()],
    persons: [...state.persons.entries()],
    lastNumbers: [...state.lastNumbers.entries()],
    served: [...state.served.entries()],
    calls: [...state.calls],
  }
}

/** The engine's state on `model` from a transfer (ended tickets left out). */
export function importState(model: HallModel, t: StateTransfer): QueueState {
  const state = initialState(model)
  state.day = t.day
  state.rules = { ...t.rules }
  state.issued = t.issued
  for (const r of t.open) state.open.set(r.ticket, r)
  for (const w of t.windows) state.windows.set(w.no, w)
  for (const [k, v] of t.persons) state.persons.set(k, v)
  for (const [k, v] of t.lastNumbers) state.lastNumbers.set(k, v)
  for (const [k, v] of t.served) state.served.set(k, v)
  state.calls = t.calls
  return state
}
