import type { QueueState } from '@qms/edge-agent/queue'
import type { AlertHallView, SuggestedAction } from './types.js'

/* The actions an alert suggests, chosen from the hall's windows and its neighbours. */

/** Open and not paused. */
export function serving(state: QueueState, window: string): boolean {
  const w = state.windows.get(window)
  return w?.open === true && !w.paused
}

/**
 * A window that serves the category and nobody staffs now: closed ones first (a free desk), then
 * paused ones, never one on planned leave. Undefined when every such window is staffed.
 */
export function windowToOpen(view: AlertHallView, category?: string): string | undefined {
  const model = view.state.model
  const nos =
    category === undefined
      ? [...model.windows.keys()]
      : (model.windowsByCategory.get(category) ?? [])
  let paused: string | undefined
  for (const no of nos) {
    if (view.onLeave?.has(no) === true) continue
    const w = view.state.windows.get(no)
    if (w === undefined) continue
    if (!w.open) return no
    if (w.paused && paused === undefined) paused = no
  }
  return paused
}

export function openWindowAction(
  view: AlertHallView,
  window: string,
  staffFrom?: AlertHallView,
): SuggestedAction {
  const name = view.state.model.windows.get(window)?.name ?? `${window}号窗口`
  return staffFrom === undefined
    ? {
        kind: 'open-window',
        site: view.site,
        window,
        text: `请开放${name}`,
        textEn: `Open window ${window}`,
      }
    : {
        kind: 'open-window',
        site: view.site,
        window,
        staffFrom: staffFrom.site,
        text: `请从${staffFrom.name}调配人员开放${name}`,
        textEn: `Move staff from ${staffFrom.site} to open window ${window}`,
      }
}

export function diversionAction(view: AlertHallView, category?: string): SuggestedAction {
  const c = category === undefined ? undefined : view.state.model.categories.get(category)
  return {
    kind: 'diversion',
    site: view.site,
    ...(category === undefined ? {} : { category }),
    text: c === undefined ? '请开启分流引导' : `请开启${c.name}业务分流引导`,
    textEn: category === undefined ? 'Turn on diversion' : `Turn on diversion for ${category}`,
  }
}

/** The actions for a hall overloaded in a category: open a window, else divert. */
export function relief(
  view: AlertHallView,
  category: string | undefined,
  donor?: AlertHallView,
): SuggestedAction[] {
  const window = windowToOpen(view, category)
  if (window === undefined) return [diversionAction(view, category)]
  const actions = [openWindowAction(view, window)]
  if (donor !== undefined) actions.push(openWindowAction(view, window, donor))
  actions.push(diversionAction(view, category))
  return actions
}
