/*
 * The addresses a person opens: each hall's screens and kiosk, and the cloud's console, phone
 * page, job board and API documentation.
 */

export interface HallUrls {
  site: string
  name: string
  nameEn?: string
  /** The hall screen (综合屏). */
  screen: string
  /** The first window's screen (窗口屏); others are /display/window/<n>. */
  window: string
  firstWindow: string
  /** The kiosk (取号机). */
  kiosk: string
  /** The hall's live state as JSON. */
  state: string
  mqtt: string
  http: string
}

export interface CloudUrls {
  base: string
  console: string
  phone: string
  jobs: string
  docs: string
}

export interface DistrictUrls {
  halls: HallUrls[]
  cloud?: CloudUrls
}

export function hallUrls(o: {
  site: string
  name: string
  nameEn?: string
  host: string
  http: number
  mqtt: number
  firstWindow: string
}): HallUrls {
  const base = `http://${o.host}:${o.http}`
  return {
    site: o.site,
    name: o.name,
    ...(o.nameEn === undefined ? {} : { nameEn: o.nameEn }),
    screen: `${base}/display/`,
    window: `${base}/display/window/${encodeURIComponent(o.firstWindow)}`,
    firstWindow: o.firstWindow,
    kiosk: `${base}/kiosk/`,
    state: `${base}/api/state`,
    mqtt: `mqtt://${o.host}:${o.mqtt}`,
    http: base,
  }
}

export function cloudUrls(host: string, port: number): CloudUrls {
  const base = `http://${host}:${port}`
  return {
    base,
    console: `${base}/console/`,
    phone: `${base}/m/`,
    jobs: `${base}/admin/queues`,
    docs: `${base}/docs`,
  }
}
