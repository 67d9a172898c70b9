import { BarChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

/*
 * ECharts, with only the parts the console draws (bar, line and scatter on a grid, with legend
 * and tooltip, on canvas), so the bundle stays small. The options come from
 * src/console/view/charts.ts.
 */

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
])

export interface Chart {
  set(option: Record<string, unknown>): void
  dispose(): void
}

export function chart(el: HTMLElement): Chart {
  const c = echarts.init(el, undefined, { renderer: 'canvas' })
  const resize = () => c.resize()
  window.addEventListener('resize', resize)
  return {
    set(option) {
      c.setOption(option, { notMerge: true })
    },
    dispose() {
      window.removeEventListener('resize', resize)
      c.dispose()
    },
  }
}
