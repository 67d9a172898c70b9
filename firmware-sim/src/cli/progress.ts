import type { CliIo } from './io.js'

/**
 * Progress of a long run on stderr: a bar redrawn in place on a terminal, plain lines at every
 * tenth otherwise (logs, CI), so output stays readable either way.
 */
export interface ProgressBar {
  update(fraction: number, detail: string): void
  done(detail: string): void
}

export function createProgress(io: CliIo, label: string, width = 30): ProgressBar {
  const tty = io.stderr.isTTY === true
  let lastTenth = -1
  let lastDraw = 0
  return {
    update(fraction, detail) {
      const f = Math.min(1, Math.max(0, fraction))
      if (tty) {
        const now = Date.now()
        if (now - lastDraw < 100 && f < 1) return
        lastDraw = now
        const filled = Math.round(f * width)
        io.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${detail}\u001b[K`,
        )
      } else {
        const tenth = Math.floor(f * 10)
        if (tenth === lastTenth) return
        lastTenth = tenth
        io.stderr.write(`${label} ${(f * 100).toFixed(0)}% ${detail}\n`)
      }
    },
    done(detail) {
      io.stderr.write(tty ? `\r${label} done ${detail}\u001b[K\n` : `${label} done ${detail}\n`)
    },
  }
}
