/** Where a command writes; main.ts passes the process's streams, tests their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown; isTTY?: boolean }
}

/** A command's outcome: an exit code, and for long-running commands a way to stop them. */
export interface CliRun {
  /** Resolves with the exit code when the command ends by itself. */
  done: Promise<number>
  /** Stops a long-running command (SIGINT/SIGTERM); resolves when it has stopped. */
  stop(): Promise<void>
}

/** Exit codes: 0 done, 1 failed while running, 2 bad arguments or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

export function finished(code: number): CliRun {
  return { done: Promise.resolve(code), stop: async () => undefined }
}

/** Prints every problem, one per line, then says how to get help. */
export function problems(
  io: CliIo,
  what: string,
  list: Array<{ path: string; reason: string }>,
  command: string,
): CliRun {
  io.stderr.write(`qms-sim: ${what}: ${list.length} problem${list.length === 1 ? '' : 's'}\n`)
  for (const p of list) io.stderr.write(`  ${p.path === '' ? '(top)' : p.path}: ${p.reason}\n`)
  io.stderr.write(`\nSee: qms-sim ${command} --help\n`)
  return finished(EXIT.usage)
}
