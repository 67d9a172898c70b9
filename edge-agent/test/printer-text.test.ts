import iconv from 'iconv-lite'
import t from 'tap'
import { columnsOf, encodeText, largestFit, qrPayload, wrapText } from '../src/printer/index.js'

const FS_ON = [0x1c, 0x26]
const FS_OFF = [0x1c, 0x2e]

t.test('ASCII goes out as it is, outside Chinese mode', async (t) => {
  t.same([...encodeText('A023 (3)')], [...Buffer.from('A023 (3)')])
})

t.test('Chinese goes out as GB18030 inside FS & … FS .', async (t) => {
  t.same([...encodeText('中')], [...FS_ON, 0xd6, 0xd0, ...FS_OFF])
  t.same(
    [...encodeText('前面还有 3 人')],
    [
      ...FS_ON,
      ...iconv.encode('前面还有', 'gb18030'),
      ...FS_OFF,
      0x20,
      0x33,
      0x20,
      ...FS_ON,
      0xc8,
      0xcb,
      ...FS_OFF,
    ],
  )
})

t.test('rare name characters keep their own GB18030 bytes', async (t) => {
  t.same([...encodeText('喆')], [...FS_ON, 0x86, 0xb4, ...FS_OFF], 'GBK two bytes')
  t.same([...encodeText('䶮')], [...FS_ON, 0xfe, 0x9f, ...FS_OFF], 'GB18030 two bytes')
  t.same([...encodeText('𠮷')], [...FS_ON, 0x95, 0x34, 0xb2, 0x35, ...FS_OFF], 'four bytes')
  t.same(
    [...encodeText('€')],
    [...FS_ON, 0xa2, 0xe3, ...FS_OFF],
    'not the single byte 0x80 of CP936',
  )
})

t.test('control characters never reach the printer as text', async (t) => {
  t.same([...encodeText('a\x1b@b\n\tc\u0085')], [...Buffer.from('a@bc')])
})

t.test('columns: one per ASCII character, two per Chinese one', async (t) => {
  t.equal(columnsOf('A023'), 4)
  t.equal(columnsOf('前面还有 3 人'), 13)
  t.equal(columnsOf('𠮷'), 2, 'a surrogate pair is one character')
})

t.test('Chinese wraps between characters, at the printer’s column count', async (t) => {
  const lines = wrapText('一二三四五六七八九十一二三四五六七', 32)
  t.same(lines, ['一二三四五六七八九十一二三四五六', '七'])
  t.ok(lines.every((l) => columnsOf(l) <= 32))
})

t.test('Latin words wrap at spaces; a word longer than a line is cut', async (t) => {
  t.same(wrapText('Scan the code for your status', 12), ['Scan the', 'code for', 'your status'])
  t.same(wrapText('https://qms.example.cn/t/A023', 12), ['https://qms.', 'example.cn/t', '/A023'])
})

t.test('a closing punctuation mark never starts a line', async (t) => {
  const lines = wrapText('一二三四五六七八，九十', 16)
  t.same(lines, ['一二三四五六七', '八，九十'])
})

t.test('a hanging indent narrows the lines after the first', async (t) => {
  // '·' prints in Chinese mode, so it is two columns wide.
  t.same(wrapText('· 一二三四五六七八九十', 12, 10), ['· 一二三四', '五六七八九', '十'])
})

t.test('the ticket number takes the largest size that fits, within the cap', async (t) => {
  t.equal(largestFit('A023', 384, 6), 6)
  t.equal(largestFit('AB1234', 384, 6), 5, '6 × 12 × 5 = 360 dots')
  t.equal(largestFit('A023', 576, 8), 8)
  t.equal(largestFit('x'.repeat(100), 384, 6), 1)
})

t.test('QR payloads are plain ASCII: links with Chinese are percent-encoded', async (t) => {
  t.equal(qrPayload('https://qms.example.cn/t/A023?x=1'), 'https://qms.example.cn/t/A023?x=1')
  t.equal(
    qrPayload('https://zwfw.example.cn/办事/A023'),
    'https://zwfw.example.cn/%E5%8A%9E%E4%BA%8B/A023',
  )
  t.match(qrPayload('https://例子.cn/t'), /^https:\/\/xn--/)
})
