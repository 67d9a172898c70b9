import t from 'tap'
import { hashPassword, isPasswordHash, verifyPassword } from '../src/auth/password.js'

const FAST = { N: 1024, r: 8, p: 1 }

t.test('a hash verifies its own password and no other', async (t) => {
  const hash = await hashPassword('correct horse battery', FAST)
  t.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
  t.ok(await verifyPassword('correct horse battery', hash))
  t.notOk(await verifyPassword('correct horse batterY', hash))
  t.notOk(await verifyPassword('', hash))
})

t.test('the default cost is scrypt N=2^15, r=8, p=1', async (t) => {
  const hash = await hashPassword('区局管理员密码')
  t.match(hash, /^scrypt\$32768\$8\$1\$/)
  t.ok(await verifyPassword('区局管理员密码', hash), 'Chinese passwords work')
})

t.test('every hash has its own salt', async (t) => {
  const a = await hashPassword('same', FAST)
  const b = await hashPassword('same', FAST)
  t.not(a, b)
  t.ok(await verifyPassword('same', a))
  t.ok(await verifyPassword('same', b))
})

t.test('the same text in another Unicode form is the same password', async (t) => {
  // "é" typed as one code point or as e + combining accent: one password (NFC).
  const hash = await hashPassword('caf\u00e9', FAST)
  t.ok(await verifyPassword('cafe\u0301', hash))
})

t.test('a malformed or hostile stored hash never matches and never throws', async (t) => {
  const good = await hashPassword('pw', FAST)
  const [, , , , salt, key] = good.split('$')
  const bad = [
    '',
    'pw',
    'bcrypt$2b$10$abc',
    `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two
    `scrypt$${2 ** 22}$8$1$${salt}$${key}`, // N asks for gigabytes
    `scrypt$1024$0$1$${salt}$${key}`,
    `scrypt$1024$8$99$${salt}$${key}`,
    `scrypt$1024$8$1$AA==$${key}`, // salt too short
    `scrypt$1024$8$1$${salt}$AAAA`, // hash too short
    `scrypt$1024$8$1$${salt}`,
    `${good}$extra`,
  ]
  for (const stored of bad) {
    t.notOk(isPasswordHash(stored), `${stored.slice(0, 24)}… is not a hash`)
    t.equal(await verifyPassword('pw', stored), false)
  }
  t.ok(isPasswordHash(good))
})
