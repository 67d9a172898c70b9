import t from 'tap'
import {
  CloudCommand,
  commandExpiresAt,
  isExpired,
  MAX_COMMAND_TTL_MS,
  MIN_COMMAND_TTL_MS,
  remainingTtlMs,
  validate,
} from '../src/index.js'

const sentAt = Date.UTC(2026, 10, 28, 1, 30, 0)

t.test('a command expires exactly its time to live after it was sent', async (t) => {
  const expiresAt = commandExpiresAt(sentAt, 60_000)
  t.equal(expiresAt, '2026-11-28T01:31:00.000Z')
  t.notOk(isExpired({ expiresAt }, sentAt + 59_999), 'alive a millisecond before')
  t.ok(isExpired({ expiresAt }, sentAt + 60_000), 'stale at the instant')
  t.ok(isExpired({ expiresAt }, sentAt + 3_600_000), 'stale an hour later')
})

t.test('the remaining time to live counts down to zero, never below', async (t) => {
  const expiresAt = commandExpiresAt(sentAt, 10_000)
  t.equal(remainingTtlMs({ expiresAt }, sentAt), 10_000)
  t.equal(remainingTtlMs({ expiresAt }, sentAt + 4000), 6000)
  t.equal(remainingTtlMs({ expiresAt }, sentAt + 20_000), 0)
})

t.test('an unreadable expiry counts as expired', async (t) => {
  t.ok(isExpired({ expiresAt: 'tomorrow' }, sentAt))
  t.equal(remainingTtlMs({ expiresAt: '' }, sentAt), 0)
})

t.test('a time to live outside the allowed range is refused', async (t) => {
  t.throws(() => commandExpiresAt(sentAt, MIN_COMMAND_TTL_MS - 1), RangeError)
  t.throws(() => commandExpiresAt(sentAt, MAX_COMMAND_TTL_MS + 1), RangeError)
  t.throws(() => commandExpiresAt(sentAt, Number.NaN), RangeError)
  t.doesNotThrow(() => commandExpiresAt(sentAt, MAX_COMMAND_TTL_MS))
})

t.test('a command built with the expiry validates as a CloudCommand', async (t) => {
  const command = {
    v: 1,
    id: 'cmd-1',
    site: 'hub',
    ts: new Date(sentAt).toISOString(),
    expiresAt: commandExpiresAt(sentAt, 30_000),
    type: 'notice',
    data: { text: '请开放5号窗口' },
  }
  t.ok(validate(CloudCommand, command).ok)
})
