import type { Channel, Guidance, Item, Priority, ResultOf, WaitPrediction } from '@qms/protocol'
import { estimateCategoryWait } from '../estimate.js'
import { isWithinHours } from '../local-time.js'
import { aheadOfNewcomer } from '../rank.js'
import type { DecideContext } from '../requests.js'
import { formatTicket, MAX_TICKET_NUMBER, personItemKey, type QueueState } from '../state.js'
import { iso } from '../views.js'
import { type Decided, offeredItem, refuse } from './common.js'

export interface IssueInput {
  item: string
  priority?: Priority
  channel: Channel
  personKey?: string
  handoff?: { fromSite: string; fromTicket: string }
  reqId?: string
  device?: string
}

/** The 掌办 advice for an item that can be done fully online. */
export function onlineGuidance(item: Item): Guidance[] {
  if (!item.online || item.onlineUrl === undefined) return []
  return [
    {
      kind: 'online',
      item: item.code,
      text: '本事项可“掌上办”：扫码即可在手机上办理，无需排队',
      textEn: 'This can be done on your phone: scan the code, no need to queue.',
      url: item.onlineUrl,
    },
  ]
}

/**
 * Issues the next number of the item's prefix for the day. One open ticket per (person, item)
 * when a person key is given; numbers run to 9999 per prefix and day, never reused.
 */
export function decideIssue(
  state: QueueState,
  input: IssueInput,
  ctx: DecideContext,
): Decided<ResultOf<'take'>> {
  const model = state.model
  const item = offeredItem(state, input.item, '/item')
  if (ctx.enforceHours === true && !isWithinHours(model.timeZone, model.hall.hours, ctx.now))
    refuse('HALL_CLOSED')
  if (input.personKey !== undefined) {
    const held = state.persons.get(personItemKey(input.personKey, item.code))
    if (held !== undefined)
      refuse('DUPLICATE_TICKET', `this person already holds ${held} for ${item.code}`, '/personId')
  }
  const prefix = model.prefixes.get(item.category)!
  const number = (state.lastNumbers.get(prefix) ?? 0) + 1
  if (number > MAX_TICKET_NUMBER)
    refuse('NUMBERS_EXHAUSTED', `prefix ${prefix} has issued ${MAX_TICKET_NUMBER} numbers today`)
  const ticket = formatTicket(prefix, number)
  const priority = input.priority ?? 'normal'
  const ahead = aheadOfNewcomer(state, item.category, priority)
  const wait: WaitPrediction =
    ctx.wait ?? estimateCategoryWait(state, item.category, priority, ctx.now)
  const data = {
    ticket,
    item: item.code,
    category: item.category,
    prefix,
    number,
    priority,
    channel: input.channel,
    ahead,
    waitMin: wait.minutes,
    ...(input.device === undefined ? {} : { device: input.device }),
    ...(input.reqId === undefined ? {} : { reqId: input.reqId }),
    ...(input.personKey === undefined ? {} : { personKey: input.personKey }),
    ...(input.handoff === undefined ? {} : { handoff: input.handoff }),
  }
  return {
    events: [{ type: 'ticket.issued', data }],
    result: {
      ticket,
      item: item.code,
      itemName: item.name,
      category: item.category,
      priority,
      ahead,
      wait,
      issuedAt: iso(ctx.now),
      guidance: onlineGuidance(item),
      printed: 'none',
    },
  }
}
