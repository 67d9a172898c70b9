import type { Clock, ClockTimer } from '@qms/protocol'
import type { Jobs } from '../jobs/jobs.js'

/*
 * When an alert is raised, its escalation is scheduled: a delayed BullMQ job per step (durable,
 * run by whichever instance's worker is free when it is due). If the alert is still not
 * acknowledged then, it goes up a level, its hall is told again and the next step is scheduled.
 * Without BullMQ (jobs disabled) a timer on this instance stands in, which a restart forgets.
 */

export interface EscalationStep {
  id: string
  /** Escalations the alert had when this step was scheduled. */
  step: number
}

export interface Escalations {
  /** Schedules step `step` (0 = the first) after its delay; nothing past the last delay. */
  schedule(id: string, step: number): Promise<void>
  close(): void
}

export function createEscalations(opts: {
  jobs: Jobs | undefined
  clock: Clock
  delaysMs: readonly number[]
  run(step: EscalationStep): Promise<unknown>
  onError?(err: Error): void
}): Escalations {
  const { jobs, clock, delaysMs } = opts
  const timers = new Set<ClockTimer>()
  jobs?.handle('alert-escalation', async (job) => {
    const data = job.data as Partial<EscalationStep>
    if (typeof data.id !== 'string' || typeof data.step !== 'number') return { skipped: 'bad job' }
    return await opts.run({ id: data.id, step: data.step })
  })
  return {
    async schedule(id, step) {
      const delay = delaysMs[step]
      if (delay === undefined) return
      if (jobs !== undefined) {
        // One job per alert and step: a step scheduled twice (two instances) runs once.
        await jobs.add('alert-escalation', { id, step }, { delay, jobId: `esc-${id}-${step}` })
        return
      }
      const timer = clock.setTimeout(() => {
        timers.delete(timer)
        opts.run({ id, step }).catch((err: Error) => opts.onError?.(err))
      }, delay)
      timer.unref?.()
      timers.add(timer)
    },
    close() {
      for (const t of timers) clock.clearTimeout(t)
      timers.clear()
    },
  }
}
