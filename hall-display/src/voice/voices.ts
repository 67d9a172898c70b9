/*
 * Which Web Speech voice says the calls. Windows hall PCs have Mandarin voices (Microsoft
 * Huihui, Xiaoxiao…); Chrome on a desktop adds Google's online 普通话 voice; headless browsers
 * and many Linux PCs have none, and the edge's rendered audio takes over.
 */

/** What the page knows of a voice (a subset of SpeechSynthesisVoice). */
export interface VoiceInfo {
  name: string
  lang: string
  localService: boolean
  default?: boolean
}

const rank = (v: VoiceInfo): number => {
  const lang = v.lang.replace('_', '-').toLowerCase()
  let score: number
  if (lang === 'zh-cn' || lang === 'cmn-cn' || lang === 'cmn-hans-cn' || lang === 'zh-hans-cn')
    score = 300
  else if (lang === 'zh' || lang === 'cmn' || lang.startsWith('zh-hans') || lang.startsWith('cmn'))
    score = 200
  // Taiwanese Mandarin is still Mandarin; Cantonese (zh-HK, yue) is not.
  else if (lang === 'zh-tw') score = 100
  else return -1
  // A voice on the PC keeps speaking when the Internet is down; an online one may not.
  if (v.localService) score += 20
  if (v.default === true) score += 5
  return score
}

/**
 * The best Mandarin voice among `voices`, or undefined when there is none: mainland Mandarin
 * (zh-CN) first, then any Mandarin, then Taiwanese Mandarin; local voices before online ones.
 */
export function pickMandarinVoice<V extends VoiceInfo>(voices: readonly V[]): V | undefined {
  let best: V | undefined
  let bestRank = -1
  for (const v of voices) {
    const r = rank(v)
    if (r > bestRank) {
      best = v
      bestRank = r
    }
  }
  return best
}
