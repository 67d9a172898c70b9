import t from 'tap'
import { pickMandarinVoice } from '../src/voice/voices.js'

const v = (name: string, lang: string, localService = true, isDefault = false) => ({
  name,
  lang,
  localService,
  default: isDefault,
})

t.test('no Mandarin voice, no pick', async (t) => {
  t.equal(pickMandarinVoice([]), undefined)
  t.equal(pickMandarinVoice([v('en', 'en-US'), v('yue', 'zh-HK'), v('ja', 'ja-JP')]), undefined)
})

t.test('mainland Mandarin first, local before online, Taiwanese Mandarin last', async (t) => {
  const voices = [
    v('tw', 'zh-TW'),
    v('google', 'zh-CN', false),
    v('huihui', 'zh-CN', true),
    v('en', 'en-US', true, true),
  ]
  t.equal(pickMandarinVoice(voices)?.name, 'huihui')
  t.equal(pickMandarinVoice([v('tw', 'zh-TW'), v('google', 'zh-CN', false)])?.name, 'google')
  t.equal(pickMandarinVoice([v('tw', 'zh-TW'), v('en', 'en-GB')])?.name, 'tw')
  t.equal(pickMandarinVoice([v('u', 'zh_CN')])?.name, 'u', 'underscore tags too')
  t.equal(pickMandarinVoice([v('c', 'cmn-Hans-CN')])?.name, 'c')
})
