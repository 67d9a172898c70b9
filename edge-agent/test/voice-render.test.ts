import { spawnSync } from 'node:child_process'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readWav, spokenText, wavLoudness } from '@qms/hall-display'
import { QmsError } from '@qms/protocol'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { createVoice, registerVoiceRoutes } from '../src/http/voice.js'
import { tempDir } from './fixtures/agent.js'

/*
 * The edge's speech for hall screens without a Mandarin voice: real espeak-ng (Debian's), the
 * WAV checked by decoding its samples and with sox, bad texts refused before anything runs.
 */

const SENTENCE = spokenText('请A023号到5号窗口办理')

/** The edge's HTTP error handling around the voice routes, answered in memory (inject). */
async function voiceApp(t: Test, voice = createVoice()) {
  // The edge server's validation and error mapping: extra fields refused, QmsError → its status.
  const app = Fastify({
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  })
  app.setErrorHandler((err, _request, reply) => {
    const e = err as Error & { validation?: unknown }
    if (e.validation !== undefined) return reply.code(400).send({ error: { code: 'BAD_REQUEST' } })
    if (e instanceof QmsError) return reply.code(e.status).send({ error: e.toBody() })
    return reply.code(500).send({ error: { code: 'INTERNAL' } })
  })
  registerVoiceRoutes(app, voice)
  t.teardown(() => app.close())
  return { app, voice }
}

t.test('the chime is a short, audible WAV', async (t) => {
  const { app } = await voiceApp(t)
  const res = await app.inject('/display/voice/chime.wav')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'audio/wav')
  const wav = new Uint8Array(res.rawPayload)
  t.match(readWav(wav), { sampleRate: 22050, channels: 1, bitsPerSample: 16 })
  t.ok((readWav(wav)?.durationSec ?? 0) > 1, 'over a second')
  t.ok((wavLoudness(wav)?.rms ?? 0) > 0.05, 'not silent')
})

t.test('an announcement is rendered by espeak-ng to a WAV that is not silent', async (t) => {
  const { app, voice } = await voiceApp(t)
  const res = await app.inject({ url: '/display/voice/speech.wav', query: { text: SENTENCE } })
  t.equal(res.statusCode, 200, res.body.slice(0, 200))
  t.equal(res.headers['content-type'], 'audio/wav')
  t.match(res.headers['cache-control'], /max-age/)
  const wav = new Uint8Array(res.rawPayload)
  const info = readWav(wav)
  t.ok(info, 'a PCM WAV')
  t.equal(
    new DataView(wav.buffer, wav.byteOffset).getUint32(4, true),
    wav.length - 8,
    'RIFF size set',
  )
  t.ok(
    (info?.durationSec ?? 0) > 2 && (info?.durationSec ?? 0) < 15,
    `${info?.durationSec} s of speech`,
  )
  const loud = wavLoudness(wav)
  t.ok((loud?.rms ?? 0) > 0.02, `decoded RMS ${loud?.rms}`)
  t.ok((loud?.peak ?? 0) > 0.3, `decoded peak ${loud?.peak}`)

  // sox reads the same file and finds sound in it.
  const dir = await tempDir(t, 'qms-voice-')
  const file = join(dir, 'speech.wav')
  await writeFile(file, wav)
  const sox = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' })
  t.equal(sox.status, 0, 'sox reads it')
  const rms = Number(/RMS\s+amplitude:\s+([0-9.]+)/.exec(sox.stderr)?.[1])
  t.ok(rms > 0.02, `sox RMS amplitude ${rms}`)

  t.match(voice.stats(), { renders: 1, hits: 0, cached: 1 })
  const again = await app.inject({ url: '/display/voice/speech.wav', query: { text: SENTENCE } })
  t.same(new Uint8Array(again.rawPayload), wav, 'the same audio')
  t.match(voice.stats(), { renders: 1, hits: 1 }, 'from the cache')
})

t.test('identical requests share one render; the cache is bounded', async (t) => {
  const voice = createVoice({ cacheEntries: 2 })
  t.teardown(() => voice.close())
  const texts = ['请A零零一号到1号窗口办理', '请A零零二号到1号窗口办理', '请A零零三号到1号窗口办理']
  const same = await Promise.all([
    voice.render(texts[0] as string),
    voice.render(texts[0] as string),
  ])
  t.equal(same[0], same[1], 'one render for both')
  t.equal(voice.stats().renders, 1)
  await voice.render(texts[1] as string)
  await voice.render(texts[2] as string)
  t.match(voice.stats(), { renders: 3, cached: 2 }, 'the oldest was dropped')
  await voice.render(texts[0] as string)
  t.equal(voice.stats().renders, 4, 'rendered again after it was dropped')
})

t.test('bad texts are refused before espeak-ng runs', async (t) => {
  const { app, voice } = await voiceApp(t)
  const bad: Array<Record<string, string>> = [
    {},
    { text: '' },
    { text: '--help' },
    { text: '-w /tmp/x.wav 请' },
    { text: '请A023号; rm -rf /' },
    { text: '$(reboot)' },
    { text: '<speak>请</speak>' },
    { text: '请\nA023' },
    { text: '号'.repeat(121) },
    { text: SENTENCE, voice: 'en' },
  ]
  for (const query of bad) {
    const res = await app.inject({ url: '/display/voice/speech.wav', query })
    t.equal(res.statusCode, 400, JSON.stringify(query).slice(0, 60))
    t.match(res.json(), { error: { code: 'BAD_REQUEST' } })
  }
  t.equal(voice.stats().renders, 0, 'nothing was rendered')
  await t.rejects(voice.render('-v en'), { code: 'BAD_REQUEST' }, 'the renderer checks too')
})

t.test('a missing, failing or hanging espeak-ng is UNAVAILABLE and stops nothing', async (t) => {
  const missing = createVoice({ command: '/nonexistent/espeak-ng' })
  await t.rejects(missing.render(SENTENCE), { code: 'UNAVAILABLE', message: /not installed/ })
  const dir = await tempDir(t, 'qms-voice-')
  const script = async (name: string, body: string) => {
    const file = join(dir, name)
    await writeFile(file, `#!/bin/sh\n${body}\n`)
    await chmod(file, 0o755)
    return file
  }
  const noWav = createVoice({ command: await script('garbage', 'echo not a wav') })
  await t.rejects(noWav.render(SENTENCE), { code: 'UNAVAILABLE', message: /no WAV/ })
  const exits = createVoice({ command: await script('fails', 'echo broken >&2; exit 3') })
  await t.rejects(exits.render(SENTENCE), { code: 'UNAVAILABLE', message: /exited with 3: broken/ })
  const hangs = createVoice({ command: await script('hangs', 'exec sleep 30'), timeoutMs: 300 })
  await t.rejects(hangs.render(SENTENCE), { code: 'UNAVAILABLE', message: /longer than 300 ms/ })

  const { app } = await voiceApp(t, missing)
  const res = await app.inject({ url: '/display/voice/speech.wav', query: { text: SENTENCE } })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { error: { code: 'UNAVAILABLE' } })
  t.equal((await app.inject('/display/voice/chime.wav')).statusCode, 200, 'the chime still plays')
})

t.test('too many renders waiting are refused, not queued without end', async (t) => {
  const dir = await tempDir(t, 'qms-voice-')
  const file = join(dir, 'slow')
  await writeFile(file, '#!/bin/sh\nexec sleep 1\n')
  await chmod(file, 0o755)
  const voice = createVoice({ command: file, concurrency: 1, maxWaiting: 1, timeoutMs: 5000 })
  t.teardown(() => voice.close())
  const first = voice.render('请一')
  const second = voice.render('请二')
  await t.rejects(voice.render('请三'), { code: 'UNAVAILABLE', message: /too many/ })
  await t.rejects(first, { code: 'UNAVAILABLE' })
  await t.rejects(second, { code: 'UNAVAILABLE' })
})
