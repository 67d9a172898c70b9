import t from 'tap'
import { digitsZh, isSpokenText, SPOKEN_TEXT_MAX, spokenText } from '../src/voice/spoken.js'

t.test('a ticket is read digit by digit, a window number stays a number', async (t) => {
  t.equal(spokenText('请A023号到5号窗口办理'), '请A零二三号到5号窗口办理')
  t.equal(spokenText('请AB1024号到12号窗口办理'), '请AB一零二四号到12号窗口办理')
  t.equal(spokenText('A001'), 'A零零一', 'at the start of the text')
  t.equal(digitsZh('0123456789'), '零一二三四五六七八九')
})

t.test('what is not a ticket is left alone', async (t) => {
  t.equal(spokenText('16岁办身份证'), '16岁办身份证')
  t.equal(spokenText('请到A3号窗口'), '请到A3号窗口', 'too few digits for a ticket')
  t.equal(spokenText('a023'), 'a023', 'prefixes are capitals')
})

t.test('unspeakable characters are dropped, punctuation becomes a pause', async (t) => {
  t.equal(spokenText('请A023号<script>到5号窗口'), '请A零二三号 script 到5号窗口')
  t.equal(spokenText('--help; rm -rf /'), 'help， rm rf')
  t.equal(spokenText('请Ａ０２３号'), '请A零二三号', 'full-width letters and digits')
  t.equal(spokenText('请稍候！谢谢。'), '请稍候，谢谢。')
  t.equal(spokenText('<>{}'), '', 'nothing speakable')
  t.equal(spokenText('号'.repeat(300)).length, SPOKEN_TEXT_MAX)
})

t.test('isSpokenText admits exactly the spoken alphabet', async (t) => {
  t.ok(isSpokenText('请A零二三号到5号窗口办理'))
  t.ok(isSpokenText('请稍候，谢谢。'))
  for (const bad of ['', '-v en', 'a;b', 'a\nb', '$(id)', '`id`', 'x'.repeat(121), '请"A"'])
    t.notOk(isSpokenText(bad), JSON.stringify(bad))
  t.ok(isSpokenText(spokenText('请A023号到5号窗口办理；快！')), 'spokenText output always passes')
})
