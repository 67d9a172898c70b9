import { parseArgs } from 'node:util'
import { validate } from '@qms/protocol'
import { hashPassword } from '../auth/password.js'
import { UserEntry } from '../auth/users.js'

/**
 * `qms-cloud hash-password`: reads a password — typed twice without echo on a terminal, or the
 * first line of standard input — and prints its scrypt hash for the users file, or with `--user`
 * and `--role` (and `--site` for a hall manager) the whole entry as JSON. The password never goes
 * on the command line, where the shell's history and `ps` would keep it. Returns the exit code.
 */
export async function hashPasswordCommand(
  args: string[],
  io: {
    stdin: NodeJS.ReadStream
    stdout: NodeJS.WriteStream
    stderr: NodeJS.WriteStream
  } = process,
): Promise<number> {
  let values: { user?: string; role?: string; site?: string; name?: string }
  try {
    values = parseArgs({
      args,
      options: {
        user: { type: 'string', short: 'u' },
        role: { type: 'string', short: 'r' },
        site: { type: 'string', short: 's' },
        name: { type: 'string', short: 'n' },
      },
      strict: true,
    }).values
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`)
    return 2
  }
  const entry = values.user === undefined ? undefined : { ...values, password: 'scrypt$' }
  let password: string
  if (io.stdin.isTTY) {
    password = await readHidden(io, 'Password: ')
    const again = await readHidden(io, 'Again: ')
    if (again !== password) {
      io.stderr.write('the two passwords differ\n')
      return 1
    }
  } else {
    password = (await firstLine(io.stdin)) ?? ''
  }
  if (password.length < 8) {
    io.stderr.write('a password needs at least 8 characters\n')
    return 1
  }
  const hash = await hashPassword(password)
  if (entry === undefined) {
    io.stdout.write(`${hash}\n`)
    return 0
  }
  const checked = validate(UserEntry, { ...entry, password: hash })
  if (!checked.ok) {
    io.stderr.write(`not a valid users file entry: ${checked.error.message}\n`)
    return 2
  }
  io.stdout.write(`${JSON.stringify(checked.value)}\n`)
  return 0
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  let text = ''
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')
    const nl = text.search(/\r?\n/)
    if (nl >= 0) return text.slice(0, nl)
  }
  return text === '' ? undefined : text
}

/** One line typed on the terminal without echo. */
function readHidden(
  io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream },
  prompt: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr.write(prompt)
    io.stdin.setRawMode(true)
    io.stdin.resume()
    let typed = ''
    const done = (result: string | Error) => {
      io.stdin.setRawMode(false)
      io.stdin.pause()
      io.stdin.off('data', onData)
      io.stderr.write('\n')
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(typed)
        if (ch === '\u0003') return done(new Error('interrupted'))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else typed += ch
      }
      return undefined
    }
    io.stdin.on('data', onData)
  })
}
