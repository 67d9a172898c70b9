import type { Speaker, StepOutcome } from '../../src/voice/announcer.js'
import { pickMandarinVoice } from '../../src/voice/voices.js'

/*
 * The hall screen's voice. A Mandarin voice of the Web Speech API says the calls when the PC has
 * one; otherwise — and whenever that voice fails — the edge renders the sentence with espeak-ng
 * and the page plays the WAV. The chime is always the edge's WAV. Every method resolves when its
 * sound has ended, so the announcer never starts the next sound over this one.
 *
 * Hall screens run the browser with --autoplay-policy=no-user-gesture-required; without it the
 * first sound needs a touch, and `play()` rejects (reported as an error, the queue goes on).
 */

export type VoiceMode = 'auto' | 'speech' | 'audio' | 'off'

export interface BrowserSpeakerOptions {
  mode: VoiceMode
  /** Base URL of the edge's voice routes (default `voice/`, next to the page). */
  base?: string
  /** Speech rate for the Web Speech voice (default 0.9: announcements are said slowly). */
  rate?: number
}

export function createBrowserSpeaker(options: BrowserSpeakerOptions): Speaker {
  const base = options.base ?? 'voice/'
  const synth: SpeechSynthesis | undefined = window.speechSynthesis
  let speechBroken = options.mode === 'audio' || options.mode === 'off' || synth === undefined
  let stopPlaying: (() => void) | undefined
  const prepared = new Map<string, HTMLAudioElement>()
  const speechUrl = (text: string) => `${base}speech.wav?text=${encodeURIComponent(text)}`

  function play(audio: HTMLAudioElement): Promise<StepOutcome> {
    return new Promise((resolve) => {
      let done = false
      const finish = (outcome: StepOutcome) => {
        if (done) return
        done = true
        audio.onended = audio.onerror = null
        stopPlaying = undefined
        resolve(outcome)
      }
      stopPlaying = () => {
        audio.pause()
        finish({ via: 'audio', error: 'stopped' })
      }
      audio.onended = () => finish({ via: 'audio' })
      audio.onerror = () =>
        finish({ via: 'audio', error: `audio error ${audio.error?.code ?? ''}`.trim() })
      audio.play().catch((err: unknown) => finish({ via: 'audio', error: `play: ${String(err)}` }))
    })
  }

  function audioFor(text: string): HTMLAudioElement {
    const ready = prepared.get(text)
    prepared.delete(text)
    return ready ?? new Audio(speechUrl(text))
  }

  function speak(text: string): Promise<StepOutcome | undefined> {
    const voice = synth === undefined ? undefined : pickMandarinVoice(synth.getVoices())
    if (synth === undefined || voice === undefined) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text)
      u.voice = voice
      u.lang = voice.lang
      u.rate = options.rate ?? 0.9
      u.onend = () => resolve({ via: 'speech' })
      // 'interrupted'/'canceled' come from stop(); anything else means this voice cannot speak.
      u.onerror = (e) => {
        if (e.error === 'interrupted' || e.error === 'canceled')
          resolve({ via: 'speech', error: e.error })
        else {
          speechBroken = true
          resolve(undefined)
        }
      }
      synth.speak(u)
    })
  }

  return {
    async chime() {
      if (options.mode === 'off') return { via: 'none' }
      return play(new Audio(`${base}chime.wav`))
    },
    async say(text) {
      if (options.mode === 'off') return { via: 'none' }
      if (!speechBroken) {
        const spoken = await speak(text)
        if (spoken !== undefined) return spoken
        if (options.mode === 'speech') return { via: 'none', error: 'no Mandarin voice' }
      }
      return play(audioFor(text))
    },
    stop() {
      stopPlaying?.()
      synth?.cancel()
    },
    prepare(text) {
      if (options.mode === 'off' || prepared.has(text)) return
      // With a working Mandarin voice nothing needs fetching.
      if (
        !speechBroken &&
        synth !== undefined &&
        pickMandarinVoice(synth.getVoices()) !== undefined
      )
        return
      const audio = new Audio(speechUrl(text))
      audio.preload = 'auto'
      prepared.set(text, audio)
      while (prepared.size > 8) {
        const oldest = prepared.keys().next().value
        if (oldest === undefined) break
        prepared.delete(oldest)
      }
    },
  }
}
