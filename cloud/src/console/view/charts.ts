import type { PredictionAccuracy, SiteTrend } from '@qms/protocol'
import { type Lang, t } from './i18n.js'

/*
 * ECharts options for the hall view's charts, built from the API's payloads. Plain objects (the
 * page hands them to echarts.setOption), so what a chart shows is tested without a browser.
 */

type Option = Record<string, unknown>

const AXIS_TEXT = { color: '#b0bec5' }
const SPLIT = { lineStyle: { color: 'rgba(255,255,255,0.08)' } }

/** Today's hours: tickets issued and served (bars), mean wait and predicted wait (lines). */
export function trendOption(trend: SiteTrend, lang: Lang): Option {
  const lastDay = trend.days.at(-1)?.day ?? trend.hours.at(-1)?.day
  const hours = trend.hours.filter((h) => h.day === lastDay && h.hour !== undefined)
  const labels = hours.map((h) => `${String(h.hour).padStart(2, '0')}:00`)
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10)
  return {
    animation: false,
    textStyle: { fontFamily: 'sans-serif' },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: AXIS_TEXT },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: labels, axisLabel: AXIS_TEXT },
    yAxis: [
      { type: 'value', name: t(lang, 'people') || 'n', axisLabel: AXIS_TEXT, splitLine: SPLIT },
      { type: 'value', name: t(lang, 'minutes'), axisLabel: AXIS_TEXT, splitLine: { show: false } },
    ],
    series: [
      { name: t(lang, 'issued'), type: 'bar', data: hours.map((h) => h.issued), color: '#42a5f5' },
      { name: t(lang, 'served'), type: 'bar', data: hours.map((h) => h.served), color: '#66bb6a' },
      {
        name: t(lang, 'actualWait'),
        type: 'line',
        yAxisIndex: 1,
        data: hours.map((h) => round(h.waitMeanMin)),
        color: '#ffa726',
        connectNulls: true,
      },
      {
        name: t(lang, 'predicted'),
        type: 'line',
        yAxisIndex: 1,
        data: hours.map((h) => round(h.predictedMeanMin)),
        color: '#ab47bc',
        lineStyle: { type: 'dashed' },
        connectNulls: true,
      },
    ],
  }
}

/**
 * Each called ticket's predicted wait (told at issue) against the wait that came true, with the
 * line where they are equal: points above it waited longer than they were told.
 */
export function accuracyOption(acc: PredictionAccuracy, lang: Lang): Option {
  const points = acc.points.map((p) => [
    Math.round(p.predictedMin * 10) / 10,
    Math.round(p.actualMin * 10) / 10,
    p.ticket,
  ])
  const top = Math.max(
    5,
    ...acc.points.map((p) => Math.max(p.predictedMin, p.actualMin, p.hi80 ?? 0)),
  )
  const max = Math.ceil(top / 5) * 5
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 48, right: 24, top: 24, bottom: 40 },
    xAxis: {
      type: 'value',
      name: `${t(lang, 'predicted')} (${t(lang, 'minutes')})`,
      nameLocation: 'middle',
      nameGap: 26,
      min: 0,
      max,
      axisLabel: AXIS_TEXT,
      nameTextStyle: AXIS_TEXT,
      splitLine: SPLIT,
    },
    yAxis: {
      type: 'value',
      name: `${t(lang, 'actualWait')} (${t(lang, 'minutes')})`,
      min: 0,
      max,
      axisLabel: AXIS_TEXT,
      nameTextStyle: AXIS_TEXT,
      splitLine: SPLIT,
    },
    series: [
      {
        name: t(lang, 'accuracy'),
        type: 'scatter',
        symbolSize: 7,
        data: points,
        color: '#4fc3f7',
      },
      {
        name: '=',
        type: 'line',
        data: [
          [0, 0],
          [max, max],
        ],
        symbol: 'none',
        lineStyle: { type: 'dashed', color: '#90a4ae' },
        tooltip: { show: false },
      },
    ],
  }
}
