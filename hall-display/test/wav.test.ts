import t from 'tap'
import {
  chimeSamples,
  chimeWav,
  encodeWav,
  fixWavSizes,
  readWav,
  wavLoudness,
} from '../src/voice/wav.js'

t.test('a WAV file reads back as written', async (t) => {
  const samples = Int16Array.from({ length: 2205 }, (_, i) => Math.round(Math.sin(i / 5) * 10000))
  const wav = encodeWav(samples, 22050)
  t.equal(wav.length, 44 + samples.length * 2)
  t.match(readWav(wav), {
    sampleRate: 22050,
    channels: 1,
    bitsPerSample: 16,
    dataOffset: 44,
    dataBytes: samples.length * 2,
    frames: samples.length,
  })
  t.equal(readWav(wav)?.durationSec, 0.1)
  const loud = wavLoudness(wav)
  t.ok(loud !== undefined && loud.rms > 0.2 && loud.peak <= 1, 'loud')
  t.same(wavLoudness(encodeWav(new Int16Array(100), 8000)), { rms: 0, peak: 0 }, 'silence')
})

t.test('a WAV written to a pipe gets its sizes set', async (t) => {
  const wav = encodeWav(Int16Array.from([1, 2, 3, 4]), 16000)
  const piped = new Uint8Array(wav.length + 1)
  piped.set(wav)
  const v = new DataView(piped.buffer)
  v.setUint32(4, 0x7ffff024, true)
  v.setUint32(40, 0x7ffff000, true)
  t.equal(readWav(piped)?.frames, 4, 'data to the end of the file, whole frames only')
  const fixed = fixWavSizes(piped)
  t.ok(fixed)
  const f = new DataView((fixed as Uint8Array).buffer)
  t.equal(fixed?.length, wav.length)
  t.equal(f.getUint32(4, true), wav.length - 8)
  t.equal(f.getUint32(40, true), 8)
})

t.test('anything else is not a WAV file', async (t) => {
  t.equal(readWav(new Uint8Array(0)), undefined)
  t.equal(
    readWav(new TextEncoder().encode('RIFF....WAVEfmt nonsense that is long enough ok')),
    undefined,
  )
  const wav = encodeWav(Int16Array.from([1, 2]), 8000)
  const notPcm = wav.slice()
  new DataView(notPcm.buffer).setUint16(20, 3, true)
  t.equal(readWav(notPcm), undefined, 'float samples')
  const noData = wav.slice(0, 36)
  t.equal(readWav(new Uint8Array([...noData, ...new Uint8Array(8)])), undefined, 'no data chunk')
  t.equal(fixWavSizes(new Uint8Array(50)), undefined)
  t.equal(wavLoudness(new Uint8Array(50)), undefined)
})

t.test('the chime is two audible tones that end in silence', async (t) => {
  const s = chimeSamples(22050)
  t.equal(s.length, Math.round(22050 * 1.4))
  const wav = chimeWav()
  const loud = wavLoudness(wav)
  t.ok(loud !== undefined && loud.peak > 0.5 && loud.peak <= 0.61, `peak ${loud?.peak}`)
  t.ok(loud !== undefined && loud.rms > 0.05, `rms ${loud?.rms}`)
  t.equal(s[s.length - 1], 0, 'faded out: no click at the end')
  // The second tone starts at 0.45 s: the signal there is louder than just before it.
  const rms = (from: number, to: number) => {
    let sum = 0
    for (let i = from; i < to; i++) sum += (s[i] ?? 0) ** 2
    return Math.sqrt(sum / (to - from))
  }
  t.ok(rms(10_000, 10_600) > rms(9_300, 9_900), 'the second tone strikes')
})
