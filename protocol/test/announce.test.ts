import t from 'tap'
import { Announce, announceText, announceTextEn, validate } from '../src/index.js'

t.test('the Mandarin call sentence', async (t) => {
  t.equal(announceText('A023', '5'), '请A023号到5号窗口办理')
  t.equal(announceTextEn('A023', '5'), 'Number A 0 2 3, please go to window 5.')
})

t.test(
  'the announce example of the contract validates once it has its id, time and recall flag',
  async (t) => {
    const r = validate(Announce, {
      id: 'hub-7',
      ticket: 'A023',
      window: '5',
      text: '请A023号到5号窗口',
      recall: false,
      at: '2026-11-28T01:00:00Z',
    })
    t.ok(r.ok)
  },
)
