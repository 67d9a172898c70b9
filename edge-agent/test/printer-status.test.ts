import t from 'tap'
import { isStatusByte, judge, STATUS_AFTER, STATUS_BEFORE } from '../src/printer/index.js'

t.test('the requests are DLE EOT 1, 2, 4 before and DLE EOT 1, 4 after', async (t) => {
  t.same([...STATUS_BEFORE], [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4])
  t.same([...STATUS_AFTER], [0x10, 4, 1, 0x10, 4, 4])
})

t.test('only bytes shaped 0xx1xx10 are status answers', async (t) => {
  for (const b of [0x12, 0x16, 0x1a, 0x32, 0x72, 0x7e]) t.ok(isStatusByte(b), b.toString(16))
  // ASB first byte, GS r answers, NUL, ASCII.
  for (const b of [0x10, 0x0f, 0x00, 0x41, 0x92]) t.notOk(isStatusByte(b), b.toString(16))
})

t.test('a ready printer prints; near end is passed on', async (t) => {
  t.same(judge(0x12, 0x12, 0x12), { ok: true, paperNearEnd: false })
  t.same(judge(0x12, 0x1e, 0x12), { ok: true, paperNearEnd: true })
})

t.test('paper end is paper-out, whatever else is set', async (t) => {
  t.match(judge(0x1a, 0x72, 0x32), { ok: false, fault: 'paper-out' })
  t.match(judge(0x1a, 0x12, 0x32), { ok: false, fault: 'paper-out' }, 'the cause says paper end')
  t.match(judge(0x12, 0x7e), { ok: false, fault: 'paper-out' }, 'after the job')
})

t.test('off line is printer-offline (cover open named), an error is other', async (t) => {
  t.match(judge(0x1a, 0x12, 0x16), { ok: false, fault: 'printer-offline', message: /cover/ })
  t.match(judge(0x1a, 0x12, 0x12), { ok: false, fault: 'printer-offline', message: /off line/ })
  t.match(judge(0x1a, 0x12, 0x52), { ok: false, fault: 'other', message: /error/ })
})
