import type { TicketPrint } from '@qms/protocol'

/** A ticket as the queue engine would hand it to the printer. */
export function sampleTicket(overrides: Partial<TicketPrint> = {}): TicketPrint {
  return {
    hallName: '城东区政务服务中心',
    ticket: 'A023',
    item: 'HJ-001',
    itemName: '居民身份证换领',
    priority: 'normal',
    ahead: 3,
    waitMin: 14.6,
    issuedAt: '2026-01-05T01:30:00.000Z',
    qr: 'https://qms.example.cn/t/hub/A023',
    qrLabel: '扫码查看叫号进度 Scan for status',
    notes: ['请留意叫号屏幕与语音提示。'],
    ...overrides,
  }
}

/** Names with characters beyond GB2312: 喆 (GBK), 䶮 (GB18030 two-byte), 𠮷 (four-byte). */
export const RARE_NAME = '张䶮 王喆 𠮷野'
