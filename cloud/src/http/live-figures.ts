import type { HallModel } from '@qms/edge-agent/queue'
import type { PredictionAccuracy, SiteTrend } from '@qms/protocol'
import type { AlertStore } from '../alerts/store.js'
import type { AccuracyRecord, LiveStore } from '../predict-service/live-store.js'
import type { ProjectionReader } from '../projections/reader.js'

/*
 * The figures behind the managers' charts. Per day, the projections' exact day figures with the
 * live cloud's mean predicted wait and the alerts raised; per hour, the live cloud's counters
 * (kept from the events it mirrored, each counted once). Accuracy: the waits told at issue
 * against those that came true at the first call, with how often the 80% and 90% intervals held.
 */

type TrendPoint = SiteTrend['days'][number]

const round1 = (n: number) => Math.round(n * 10) / 10
const mean = (sum: number, n: number) => (n > 0 ? round1(sum / n) : null)

/** The last `count` local days of the hall, oldest first. */
function lastDays(model: HallModel, now: number, count: number): string[] {
  const days: string[] = []
  for (let i = count - 1; i >= 0; i--) {
    const d = model.dayOf(now - i * 86_400_000)
    if (!days.includes(d)) days.push(d)
  }
  return days
}

export async function trendOf(input: {
  site: string
  model: HallModel
  days: number
  now: number
  reader: ProjectionReader
  store: LiveStore
  alertStore: AlertStore
}): Promise<SiteTrend> {
  const { site, model } = input
  const days = lastDays(model, input.now, input.days)
  const [figures, hours, alerts] = await Promise.all([
    Promise.all(days.map((d) => input.reader.day(site, d))),
    input.store.hours(site, days),
    input.alertStore.dayCounts(site, days),
  ])
  const out: SiteTrend = { site, days: [], hours: [] }
  days.forEach((day, i) => {
    const f = figures[i]!
    const h = hours.get(day) ?? {}
    const num = (key: string) => Number(h[key] ?? 0)
    let psum = 0
    let pn = 0
    for (let hour = 0; hour < 24; hour++) {
      psum += num(`${hour}:psum`)
      pn += num(`${hour}:pn`)
    }
    out.days.push({
      day,
      issued: f.issued,
      called: f.called,
      served: f.served,
      noShow: f.noShow,
      cancelled: f.cancelled,
      waitMeanMin: f.wait.meanMin,
      predictedMeanMin: mean(psum, pn),
      alerts: alerts.get(day) ?? 0,
    })
    for (let hour = 0; hour < 24; hour++) {
      const point: TrendPoint = {
        day,
        hour,
        issued: num(`${hour}:issued`),
        called: num(`${hour}:called`),
        served: num(`${hour}:served`),
        noShow: num(`${hour}:noshow`),
        cancelled: num(`${hour}:cancelled`),
        waitMeanMin: mean(num(`${hour}:wsum`), num(`${hour}:called`)),
        predictedMeanMin: mean(num(`${hour}:psum`), num(`${hour}:pn`)),
        alerts: 0,
      }
      if (point.issued + point.called + point.served + point.noShow + point.cancelled > 0)
        out.hours.push(point)
    }
  })
  return out
}

export function accuracyOf(site: string, points: AccuracyRecord[]): PredictionAccuracy {
  let abs = 0
  let bias = 0
  let in80 = 0
  let n80 = 0
  let in90 = 0
  let n90 = 0
  for (const p of points) {
    const err = p.actualMin - p.predictedMin
    abs += Math.abs(err)
    bias += err
    if (p.lo80 !== undefined && p.hi80 !== undefined) {
      n80++
      if (p.actualMin >= p.lo80 && p.actualMin <= p.hi80) in80++
    }
    if (p.lo90 !== undefined && p.hi90 !== undefined) {
      n90++
      if (p.actualMin >= p.lo90 && p.actualMin <= p.hi90) in90++
    }
  }
  const n = points.length
  return {
    site,
    count: n,
    meanAbsErrorMin: n > 0 ? round1(abs / n) : null,
    biasMin: n > 0 ? round1(bias / n) : null,
    coverage80: n80 > 0 ? Math.round((in80 / n80) * 1000) / 1000 : null,
    coverage90: n90 > 0 ? Math.round((in90 / n90) * 1000) / 1000 : null,
    points: points.map((p) => ({ ...p })),
  }
}
