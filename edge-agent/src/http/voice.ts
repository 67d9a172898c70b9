import { type ChildProcess, spawn } from 'node:child_process'
import {
  chimeWav,
  fixWavSizes,
  isSpokenText,
  SPOKEN_TEXT_MAX,
  SPOKEN_TEXT_PATTERN,
  wavLoudness,
} from '@qms/hall-display'
import { QmsError } from '@qms/protocol'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'

/*
 * Speech for hall screens that have no Mandarin voice (headless browsers, many Linux hall PCs):
 * the edge renders the announcement with espeak-ng to a WAV file the page plays, and serves the
 * chime. Texts are checked against SPOKEN_TEXT_PATTERN (ideographs, ASCII letters and digits, a
 * few punctuation marks) and passed on stdin to espeak-ng, started without a shell: no text can
 * become an option or a command. Renders are cached by text (bounded in entries and bytes),
 * identical requests share one render, and only a few run at once.
 *
 * The voice is `cmn-latn-pinyin` rather than `cmn`: espeak-ng 1.51 (Debian 12) reads the tone
 * digits of many characters aloud in English with `cmn` (请 → "qing three"; espeak-ng issues
 * #1028, #1370); with Latin read as pinyin the same characters come out right, and single
 * capital letters are still spelled (A023 → "A 零二三").
 */

export interface VoiceOptions {
  /** The espeak-ng executable (default `espeak-ng`, found on PATH). */
  command?: string
  /** espeak-ng voice (default `cmn-latn-pinyin`). */
  voice?: string
  /** Words per minute (default 150: announcements are said slowly). */
  speed?: number
  /** A render taking longer is killed, ms (default 10 s). */
  timeoutMs?: number
  /** Renders running at once (default 2); more wait, up to `maxWaiting`. */
  concurrency?: number
  /** Renders waiting for a slot (default 32); beyond that a request gets UNAVAILABLE. */
  maxWaiting?: number
  /** Cached renders (default 256) and their total size (default 32 MiB). */
  cacheEntries?: number
  cacheBytes?: number
  logger?: Logger
}

export interface Voice {
  /** The WAV of `text` (already in spoken form); QmsError BAD_REQUEST / UNAVAILABLE. */
  render(text: string): Promise<Uint8Array>
  /** The chime played before each announcement. */
  chime(): Uint8Array
  /** Renders done and cache hits so far. */
  stats(): { renders: number; hits: number; cached: number; cachedBytes: number }
  /** Kills renders in flight. */
  close(): void
}

const MAX_WAV_BYTES = 8 * 1024 * 1024

export function createVoice(options: VoiceOptions = {}): Voice {
  const command = options.command ?? 'espeak-ng'
  const voice = options.voice ?? 'cmn-latn-pinyin'
  const speed = Math.min(300, Math.max(80, Math.round(options.speed ?? 150)))
  const timeoutMs = options.timeoutMs ?? 10_000
  const concurrency = Math.max(1, options.concurrency ?? 2)
  const maxWaiting = Math.max(0, options.maxWaiting ?? 32)
  const cacheEntries = Math.max(1, options.cacheEntries ?? 256)
  const cacheBytes = Math.max(1, options.cacheBytes ?? 32 * 1024 * 1024)
  const cache = new Map<string, Uint8Array>()
  const inFlight = new Map<string, Promise<Uint8Array>>()
  const children = new Set<ChildProcess>()
  const waiting: Array<() => void> = []
  let running = 0
  let cachedBytes = 0
  let renders = 0
  let hits = 0
  let chime: Uint8Array | undefined
  let closed = false

  const remember = (text: string, wav: Uint8Array) => {
    cache.set(text, wav)
    cachedBytes += wav.length
    while (cache.size > cacheEntries || cachedBytes > cacheBytes) {
      const [oldest, bytes] = cache.entries().next().value as [string, Uint8Array]
      cache.delete(oldest)
      cachedBytes -= bytes.length
    }
  }

  const slot = async () => {
    if (running < concurrency) {
      running++
      return
    }
    if (waiting.length >= maxWaiting)
      throw new QmsError('UNAVAILABLE', 'too many speech renders waiting; try again')
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = () => {
    const next = waiting.shift()
    if (next !== undefined) next()
    else running--
  }

  function espeak(text: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      // No shell; the text goes on stdin, never on the command line.
      const args = ['-v', voice, '-s', String(speed), '-b', '1', '--stdin', '--stdout']
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
      children.add(child)
      const chunks: Buffer[] = []
      let size = 0
      let stderr = ''
      let failed: QmsError | undefined
      let settled = false
      const settle = (err: QmsError | undefined, wav?: Uint8Array) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        children.delete(child)
        if (err !== undefined) reject(err)
        else resolve(wav as Uint8Array)
      }
      const timer = setTimeout(() => {
        failed = new QmsError('UNAVAILABLE', `espeak-ng took longer than ${timeoutMs} ms`)
        child.kill('SIGKILL')
      }, timeoutMs)
      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_WAV_BYTES) {
          failed = new QmsError('UNAVAILABLE', 'espeak-ng wrote more than expected')
          child.kill('SIGKILL')
        } else chunks.push(chunk)
      })
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 2000) stderr += chunk.toString('utf8')
      })
      child.stdin.on('error', () => undefined)
      child.on('error', (err: NodeJS.ErrnoException) => {
        failed =
          err.code === 'ENOENT'
            ? new QmsError(
                'UNAVAILABLE',
                `${command} is not installed: hall screens without a Mandarin voice stay silent`,
              )
            : new QmsError('UNAVAILABLE', `espeak-ng failed: ${err.message}`)
        // A process that never started has no 'close' to wait for.
        if (child.pid === undefined) settle(failed)
      })
      child.on('close', (code) => {
        if (failed !== undefined) return settle(failed)
        if (code !== 0)
          return settle(
            new QmsError(
              'UNAVAILABLE',
              `espeak-ng exited with ${code}: ${stderr.trim().slice(0, 200)}`,
            ),
          )
        const wav = fixWavSizes(new Uint8Array(Buffer.concat(chunks)))
        if (wav === undefined) settle(new QmsError('UNAVAILABLE', 'espeak-ng wrote no WAV audio'))
        else settle(undefined, wav)
      })
      child.stdin.end(`${text}\n`, 'utf8')
    })
  }

  async function renderNew(text: string): Promise<Uint8Array> {
    await slot()
    try {
      if (closed) throw new QmsError('UNAVAILABLE', 'the hall agent is stopping')
      const started = performance.now()
      const wav = await espeak(text)
      renders++
      const loud = wavLoudness(wav)
      options.logger?.debug(
        { text, bytes: wav.length, ms: performance.now() - started, rms: loud?.rms },
        'speech rendered',
      )
      remember(text, wav)
      return wav
    } finally {
      release()
    }
  }

  return {
    render(text) {
      if (!isSpokenText(text))
        return Promise.reject(
          new QmsError(
            'BAD_REQUEST',
            `text must match ${SPOKEN_TEXT_PATTERN} (1 to ${SPOKEN_TEXT_MAX} characters)`,
            { path: '/text' },
          ),
        )
      const cached = cache.get(text)
      if (cached !== undefined) {
        hits++
        // Most recently used last: the cache drops the oldest first.
        cache.delete(text)
        cache.set(text, cached)
        return Promise.resolve(cached)
      }
      let p = inFlight.get(text)
      if (p === undefined) {
        p = renderNew(text).finally(() => inFlight.delete(text))
        inFlight.set(text, p)
      }
      return p
    },
    chime() {
      chime ??= chimeWav()
      return chime
    },
    stats: () => ({ renders, hits, cached: cache.size, cachedBytes }),
    close() {
      closed = true
      for (const child of children) child.kill('SIGKILL')
    },
  }
}

/**
 * `GET /display/voice/chime.wav` and `GET /display/voice/speech.wav?text=…` (the text in spoken
 * form, see `spokenText` of @qms/hall-display). Bad text is BAD_REQUEST; a missing or failing
 * espeak-ng is UNAVAILABLE, and the page goes on without that sentence.
 */
export function registerVoiceRoutes(
  app: FastifyInstance,
  voice: Voice,
  options: { speech?: boolean } = {},
): void {
  app.addHook('onClose', async () => voice.close())
  app.get('/display/voice/chime.wav', (_request, reply) =>
    reply
      .type('audio/wav')
      .header('cache-control', 'public, max-age=86400')
      .send(Buffer.from(voice.chime())),
  )
  app.get(
    '/display/voice/speech.wav',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { text: { type: 'string', minLength: 1, maxLength: SPOKEN_TEXT_MAX } },
          required: ['text'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { text } = request.query as { text: string }
      if (options.speech === false)
        throw new QmsError('UNAVAILABLE', 'speech rendering is switched off on this hall agent')
      const wav = await voice.render(text)
      return reply
        .type('audio/wav')
        .header('cache-control', 'public, max-age=86400')
        .send(Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength))
    },
  )
}
