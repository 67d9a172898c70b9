import { connect, type Socket } from 'node:net'

/*
 * Is a NATS server or Redis answering at a URL? Asked over a bare socket, the way each protocol
 * starts: a NATS server speaks first with an INFO line (which says whether JetStream is on), a
 * Redis server answers PING with +PONG. No client library, no reconnect loops, one short timeout.
 */

export type Probe =
  | { ok: true; version?: string; jetstream?: boolean }
  | { ok: false; reason: string }

/** host and port of `nats://host:port`, `redis://[user:pass@]host:port/db` and the like. */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url)
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'
  return { host, port: u.port === '' ? defaultPort : Number(u.port) }
}

function talk(
  target: { host: string; port: number },
  timeoutMs: number,
  onConnect: (socket: Socket) => void,
  onData: (text: string) => Probe | undefined,
): Promise<Probe> {
  return new Promise((resolve) => {
    let text = ''
    let settled = false
    const socket = connect(target)
    const done = (probe: Probe) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(probe)
    }
    const timer = setTimeout(
      () => done({ ok: false, reason: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    )
    socket.setNoDelay(true)
    socket.on('connect', () => onConnect(socket))
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      const probe = onData(text)
      if (probe !== undefined) done(probe)
      else if (text.length > 64 * 1024) done({ ok: false, reason: 'not the expected server' })
    })
    socket.on('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, reason: err.code === 'ECONNREFUSED' ? 'connection refused' : err.message }),
    )
    socket.on('close', () => done({ ok: false, reason: 'closed without an answer' }))
  })
}

/** A NATS server at `url`: its version and whether JetStream is enabled. */
export function probeNats(url: string, timeoutMs = 1500): Promise<Probe> {
  return talk(
    hostPort(url, 4222),
    timeoutMs,
    () => undefined,
    (text) => {
      const end = text.indexOf('\r\n')
      if (end < 0) return undefined
      const line = text.slice(0, end)
      if (!line.startsWith('INFO ')) return { ok: false, reason: 'not a NATS server' }
      try {
        const info = JSON.parse(line.slice(5)) as { version?: string; jetstream?: boolean }
        return { ok: true, version: info.version, jetstream: info.jetstream === true }
      } catch {
        return { ok: false, reason: 'not a NATS server' }
      }
    },
  )
}

/** A Redis server at `url` answering PING (with the URL's password, if any). */
export function probeRedis(url: string, timeoutMs = 1500): Promise<Probe> {
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  const user = decodeURIComponent(u.username)
  return talk(
    hostPort(url, 6379),
    timeoutMs,
    (socket) => {
      const auth =
        password === ''
          ? ''
          : `AUTH ${user === '' ? '' : `${JSON.stringify(user)} `}${JSON.stringify(password)}\r\n`
      socket.write(`${auth}PING\r\n`)
    },
    (text) => {
      if (text.includes('+PONG\r\n')) return { ok: true }
      const error = /-(\S+)([^\r]*)\r\n/.exec(text)
      if (error !== null)
        return { ok: false, reason: `answers but refuses: ${error[1]}${error[2] ?? ''}` }
      if (text.includes('\r\n') && !text.startsWith('+OK'))
        return { ok: false, reason: 'not Redis' }
      return undefined
    },
  )
}
