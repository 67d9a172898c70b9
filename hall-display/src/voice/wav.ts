/*
 * PCM WAV files, small and by hand: the chime the hall screen plays before each call is
 * synthesised here, and the edge checks and repairs what espeak-ng writes. RIFF/WAVE with a
 * `fmt ` chunk of format 1 (PCM) is what every browser plays.
 */

export interface WavInfo {
  sampleRate: number
  channels: number
  bitsPerSample: number
  /** Byte offset and length of the `data` chunk's samples. */
  dataOffset: number
  dataBytes: number
  /** Frames (samples per channel). */
  frames: number
  durationSec: number
}

const ascii = (b: Uint8Array, at: number) =>
  String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!)

/** Encodes 16-bit mono samples as a WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2)
  const v = new DataView(bytes.buffer)
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i)
  }
  put(0, 'RIFF')
  v.setUint32(4, bytes.length - 8, true)
  put(8, 'WAVE')
  put(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 1, true) // PCM
  v.setUint16(22, 1, true) // mono
  v.setUint32(24, sampleRate, true)
  v.setUint32(28, sampleRate * 2, true)
  v.setUint16(32, 2, true)
  v.setUint16(34, 16, true)
  put(36, 'data')
  v.setUint32(40, samples.length * 2, true)
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i]!, true)
  return bytes
}

/**
 * Reads a WAV file's format and finds its samples. A `data` size larger than the file (a WAV
 * written to a pipe, whose length was unknown) is taken as "to the end of the file". Returns
 * undefined when it is not a PCM WAV file.
 */
export function readWav(bytes: Uint8Array): WavInfo | undefined {
  if (bytes.length < 44 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE')
    return undefined
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at)
    const size = v.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length || v.getUint16(body, true) !== 1) return undefined
      fmt = {
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true),
      }
    } else if (id === 'data') {
      if (fmt === undefined || fmt.channels < 1 || fmt.sampleRate < 1) return undefined
      const frameBytes = fmt.channels * Math.max(1, fmt.bits / 8)
      const available = bytes.length - body
      const dataBytes = Math.min(size, available) - (Math.min(size, available) % frameBytes)
      const frames = dataBytes / frameBytes
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
        dataOffset: body,
        dataBytes,
        frames,
        durationSec: frames / fmt.sampleRate,
      }
    }
    at = body + size + (size % 2)
  }
  return undefined
}

/**
 * The file with its RIFF and `data` sizes set to what it holds (espeak-ng writing to stdout
 * cannot know them and leaves 0x7fffffff). Undefined when it is not a PCM WAV file.
 */
export function fixWavSizes(bytes: Uint8Array): Uint8Array | undefined {
  const info = readWav(bytes)
  if (info === undefined) return undefined
  const out = bytes.slice(0, info.dataOffset + info.dataBytes)
  const v = new DataView(out.buffer)
  v.setUint32(4, out.length - 8, true)
  v.setUint32(info.dataOffset - 4, info.dataBytes, true)
  return out
}

/** Loudness of a 16-bit PCM WAV file's samples (0…1): to tell speech from silence. */
export function wavLoudness(bytes: Uint8Array): { rms: number; peak: number } | undefined {
  const info = readWav(bytes)
  if (info === undefined || info.bitsPerSample !== 16) return undefined
  const v = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, info.dataBytes)
  const count = info.dataBytes / 2
  let sum = 0
  let peak = 0
  for (let i = 0; i < count; i++) {
    const s = v.getInt16(i * 2, true) / 32768
    sum += s * s
    peak = Math.max(peak, Math.abs(s))
  }
  return { rms: count === 0 ? 0 : Math.sqrt(sum / count), peak }
}

/**
 * The hall chime: two bell tones a major third apart (E5 then C5, "ding-dong"), each with a few
 * partials and an exponential decay, about 1.4 s at `sampleRate`.
 */
export function chimeSamples(sampleRate = 22050): Int16Array {
  const notes = [
    { freq: 659.25, at: 0 },
    { freq: 523.25, at: 0.45 },
  ]
  const length = Math.round(sampleRate * 1.4)
  const out = new Float64Array(length)
  for (const note of notes) {
    const from = Math.round(note.at * sampleRate)
    for (let i = from; i < length; i++) {
      const t = (i - from) / sampleRate
      const attack = Math.min(1, t / 0.005)
      const decay = Math.exp(-t * 3.2)
      const tone =
        Math.sin(2 * Math.PI * note.freq * t) +
        0.35 * Math.sin(2 * Math.PI * note.freq * 2 * t) * Math.exp(-t * 4) +
        0.12 * Math.sin(2 * Math.PI * note.freq * 3.01 * t) * Math.exp(-t * 6)
      out[i] = (out[i] ?? 0) + tone * attack * decay
    }
  }
  // Fade the tail to silence so the file ends without a click.
  const fade = Math.round(sampleRate * 0.05)
  for (let i = 0; i < fade; i++) {
    const k = length - fade + i
    out[k] = (out[k] ?? 0) * (1 - i / fade)
  }
  let peak = 0
  for (const s of out) peak = Math.max(peak, Math.abs(s))
  const gain = peak === 0 ? 0 : (0.6 * 32767) / peak
  return Int16Array.from(out, (s) => Math.round(s * gain))
}

/** The chime as a WAV file. */
export function chimeWav(sampleRate = 22050): Uint8Array {
  return encodeWav(chimeSamples(sampleRate), sampleRate)
}
