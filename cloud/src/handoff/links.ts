/** Where a person follows a ticket: its status, its live feed and the phone page (paths). */
export function ticketLinks(site: string, ticket: string, pagePath: string) {
  const base = `/api/virtual-tickets/${site}/${ticket}`
  return {
    status: base,
    events: `${base}/events`,
    page: `${pagePath.replace(/\/+$/, '')}/${site}/${ticket}`,
  }
}
