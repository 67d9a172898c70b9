import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/*
 * <data>/run/pids.json: which launcher runs the district in this data folder and the process
 * ids of its children. A second launcher on the same folder is refused (two halls would share
 * one journal); children left running by a launcher that was killed outright (they run in their
 * own process groups, so nothing else stops them) are stopped before the new ones start.
 */

export interface PidRecord {
  launcher: number
  startedAt: string
  /** Part name (hub, cloud, nats-server…) → its running process id. */
  children: Record<string, number>
}

/** The program each part runs, to recognise a process id that was not reused by another. */
const PROGRAMS = ['qms-edge', 'qms-cloud', 'nats-server', 'redis-server', 'qms-district']

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether `pid` runs one of the district's programs (Linux /proc; elsewhere: assumed). */
function ours(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return PROGRAMS.some((p) => cmdline.includes(p))
  } catch {
    return process.platform !== 'linux' && alive(pid)
  }
}

export class PidFile {
  private record: PidRecord

  constructor(private readonly file: string) {
    this.record = { launcher: process.pid, startedAt: new Date().toISOString(), children: {} }
  }

  read(): PidRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as PidRecord
    } catch {
      return undefined
    }
  }

  /**
   * Before starting: throws when another live launcher owns the folder; stops what an earlier
   * one left running and returns their names.
   */
  async claim(): Promise<string[]> {
    const previous = this.read()
    const left: string[] = []
    if (previous !== undefined) {
      if (previous.launcher !== process.pid && alive(previous.launcher) && ours(previous.launcher))
        throw new Error(
          `another launcher (pid ${previous.launcher}) runs the district in this data folder; stop it first`,
        )
      const pids = Object.entries(previous.children).filter(([, pid]) => alive(pid) && ours(pid))
      for (const [, pid] of pids) process.kill(pid, 'SIGTERM')
      for (let i = 0; i < 150 && pids.some(([, pid]) => alive(pid)); i++) await sleep(100)
      for (const [name, pid] of pids) {
        if (alive(pid)) process.kill(pid, 'SIGKILL')
        left.push(name)
      }
    }
    this.write()
    return left
  }

  set(name: string, pid: number | undefined): void {
    if (pid === undefined) delete this.record.children[name]
    else this.record.children[name] = pid
    this.write()
  }

  private write() {
    mkdirSync(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, `${JSON.stringify(this.record, null, 2)}\n`)
    renameSync(tmp, this.file)
  }

  /** After a clean stop: no children left. */
  release(): void {
    this.record.children = {}
    this.write()
  }
}
