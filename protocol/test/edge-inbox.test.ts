import t from 'tap'
import { natsNames } from '../src/index.js'

t.test('each hall has its own inbox prefix, the same under any subject root', async (t) => {
  t.equal(natsNames().edgeInboxPrefix('st-07'), '_INBOX.st-07')
  t.equal(natsNames({ root: 'x', streamPrefix: 'X' }).edgeInboxPrefix('st-07'), '_INBOX.st-07')
  t.throws(() => natsNames().edgeInboxPrefix('a.b'), TypeError)
})
