import { CSRF_HEADER, createManualClock, type ManualClock } from '@qms/protocol'
import { connectRedis, redisUrl, type Teardown, uniqueRedisPrefix } from '@qms/test'
import Fastify, { type FastifyInstance } from 'fastify'
import t from 'tap'
import { type AuthSettings, createConsoleAuth, SECURE_SESSION_COOKIE } from '../src/auth/auth.js'
import { guard, installAuth, userOf } from '../src/auth/guard.js'
import { hashPassword } from '../src/auth/password.js'
import { sessionRoutes } from '../src/auth/routes.js'
import { parseUsers, type UserDirectory } from '../src/auth/users.js'
import { installCompilers } from '../src/http/compilers.js'
import { DOC_SCHEMAS } from '../src/http/docs.js'
import { installErrorHandling } from '../src/http/errors.js'

/*
 * Sign-in, sessions, CSRF, throttling and roles on a bare fastify app with the real Redis and a
 * manual clock: each guard answer is checked by its status and protocol error code.
 */

const hash = await hashPassword('right password', { N: 1024, r: 8, p: 1 })
const baseUsers = parseUsers({
  users: [
    { user: 'admin', role: 'district-admin', password: hash },
    { user: 'hub', role: 'hall-manager', site: 'hub', password: hash },
  ],
})

async function setup(
  t: Teardown,
  opts: { settings?: Partial<AuthSettings>; users?: UserDirectory; trustProxy?: boolean } = {},
) {
  const prefix = uniqueRedisPrefix(t)
  const redis = connectRedis(t, redisUrl())
  const clock: ManualClock = createManualClock(Date.UTC(2026, 10, 30, 2, 0, 0))
  const auth = createConsoleAuth({
    redis,
    prefix,
    users: opts.users ?? baseUsers,
    clock,
    ...(opts.settings === undefined ? {} : { settings: opts.settings }),
  })
  const app = Fastify({
    trustProxy: opts.trustProxy ?? false,
    logger: process.env.DBG ? { level: 'error' } : false,
  })
  t.teardown(() => app.close())
  installCompilers(app, DOC_SCHEMAS)
  installErrorHandling(app)
  installAuth(app, auth)
  await app.register(sessionRoutes, { auth })
  const hall = guard({ site: (r) => (r.params as { id: string }).id })
  app.get('/x/:id', { preHandler: hall }, async (r) => ({ ok: userOf(r)?.user }))
  app.post('/x/:id', { preHandler: hall }, async () => ({ done: true }))
  app.get('/admin-only', { preHandler: guard({ role: 'district-admin' }) }, async () => 'ok')
  app.get(
    '/board',
    { onRequest: guard({ role: 'district-admin', signIn: '/console/' }) },
    async () => 'board',
  )
  return { app, clock, redis, prefix, auth }
}

async function login(
  app: FastifyInstance,
  user: string,
  password = 'right password',
  headers = {},
) {
  return app.inject({ method: 'POST', url: '/api/session', payload: { user, password }, headers })
}

function sessionOf(r: Awaited<ReturnType<typeof login>>) {
  const set = r.headers['set-cookie']
  const raw = (Array.isArray(set) ? set[0] : set) ?? ''
  const cookie = raw.split(';')[0] ?? ''
  const csrf = r.json().csrfToken as string
  return { raw, cookie, csrf, read: { cookie }, write: { cookie, [CSRF_HEADER]: csrf } }
}

t.test('sign-in sets an HttpOnly SameSite=Strict cookie and tells who and the token', async (t) => {
  const { app, clock } = await setup(t)
  const r = await login(app, 'hub')
  t.equal(r.statusCode, 200)
  t.match(r.json(), {
    user: 'hub',
    role: 'hall-manager',
    site: 'hub',
    csrfToken: /^[A-Za-z0-9_-]{43}$/,
    expiresAt: new Date(clock.now() + 12 * 3_600_000).toISOString(),
    idleMinutes: 30,
  })
  t.equal(r.headers['cache-control'], 'no-store')
  const s = sessionOf(r)
  t.match(
    s.raw,
    /^qms_console=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
  )
  t.notMatch(s.raw, /Secure/, 'no Secure flag over plain HTTP')
  const me = await app.inject({ url: '/api/session', headers: s.read })
  t.equal(me.statusCode, 200)
  t.match(me.json(), { user: 'hub', csrfToken: s.csrf })
  const anon = await app.inject('/api/session')
  t.equal(anon.statusCode, 401)
  t.match(anon.json(), { code: 'UNAUTHORIZED', messageZh: '请先登录' })
})

t.test('over HTTPS the cookie is Secure and __Host- prefixed', async (t) => {
  const { app } = await setup(t, { trustProxy: true })
  const r = await login(app, 'admin', 'right password', { 'x-forwarded-proto': 'https' })
  t.equal(r.statusCode, 200)
  const s = sessionOf(r)
  t.ok(s.raw.startsWith(`${SECURE_SESSION_COOKIE}=`))
  t.match(s.raw, /; Secure/)
  t.match(s.raw, /; HttpOnly/)
  const me = await app.inject({
    url: '/api/session',
    headers: { ...s.read, 'x-forwarded-proto': 'https' },
  })
  t.equal(me.statusCode, 200)
})

t.test('a wrong password and an unknown user get the same refusal', async (t) => {
  const { app } = await setup(t)
  const wrong = await login(app, 'hub', 'wrong password')
  const unknown = await login(app, 'nobody', 'right password')
  for (const r of [wrong, unknown]) {
    t.equal(r.statusCode, 401)
    t.same(r.json(), {
      code: 'UNAUTHORIZED',
      message: 'Wrong user name or password.',
      messageZh: '请先登录',
    })
    t.equal(r.headers['set-cookie'], undefined)
  }
})

t.test('bad sign-in payloads are refused with BAD_REQUEST or BAD_JSON', async (t) => {
  const { app } = await setup(t)
  for (const payload of [
    {},
    { user: 'hub' },
    { user: 'hub', password: '' },
    { user: 1, password: 'x' },
  ]) {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload })
    t.equal(r.statusCode, 400, JSON.stringify(payload))
    t.match(r.json(), { code: 'BAD_REQUEST' })
  }
  const extra = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { user: 'hub', password: 'right password', role: 'district-admin' },
  })
  t.equal(extra.statusCode, 400, 'no field may be smuggled in')
  const broken = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { 'content-type': 'application/json' },
    payload: '{"user":',
  })
  t.equal(broken.statusCode, 400)
  t.match(broken.json(), { code: 'BAD_JSON' })
})

t.test(
  'a session ends after 30 idle minutes, and 12 hours after sign-in at the latest',
  async (t) => {
    const { app, clock } = await setup(t)
    const s = sessionOf(await login(app, 'hub'))
    const get = () => app.inject({ url: '/x/hub', headers: s.read })
    clock.advance(29 * 60_000)
    t.equal((await get()).statusCode, 200, 'used within 30 minutes')
    clock.advance(29 * 60_000)
    t.equal((await get()).statusCode, 200, 'the use before kept it alive')
    clock.advance(30 * 60_000)
    const idle = await get()
    t.equal(idle.statusCode, 401, 'idle for 30 minutes')
    t.match(idle.json(), { code: 'UNAUTHORIZED' })

    const busy = sessionOf(await login(app, 'hub'))
    for (let h = 0; h < 12 * 4 - 1; h++) {
      clock.advance(15 * 60_000)
      const r = await app.inject({ url: '/x/hub', headers: busy.read })
      t.equal(r.statusCode, 200, `used every 15 min, at ${(h + 1) * 15} min`)
    }
    clock.advance(15 * 60_000)
    const r = await app.inject({ url: '/x/hub', headers: busy.read })
    t.equal(r.statusCode, 401, 'ended 12 hours after sign-in though in use')
  },
)

t.test('signing out ends the session and clears the cookie', async (t) => {
  const { app } = await setup(t)
  const s = sessionOf(await login(app, 'hub'))
  const noToken = await app.inject({ method: 'DELETE', url: '/api/session', headers: s.read })
  t.equal(noToken.statusCode, 403, 'sign-out is a change: it needs the token too')
  t.match(noToken.json(), { code: 'CSRF' })
  const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: s.write })
  t.equal(out.statusCode, 204)
  t.match(String(out.headers['set-cookie']), /^qms_console=; Max-Age=0;/)
  t.equal((await app.inject({ url: '/x/hub', headers: s.read })).statusCode, 401)
})

t.test('a new sign-in replaces the session the browser had (no fixation)', async (t) => {
  const { app } = await setup(t)
  const first = sessionOf(await login(app, 'hub'))
  const second = sessionOf(await login(app, 'hub', 'right password', first.read))
  t.not(second.cookie, first.cookie)
  t.equal((await app.inject({ url: '/x/hub', headers: first.read })).statusCode, 401)
  t.equal((await app.inject({ url: '/x/hub', headers: second.read })).statusCode, 200)
})

t.test('Redis holds only a hash of the session token', async (t) => {
  const { app, redis, prefix } = await setup(t)
  const s = sessionOf(await login(app, 'hub'))
  const token = s.cookie.split('=')[1]!
  const keys = await redis.keys(`${prefix}auth:sess:*`)
  t.equal(keys.length, 1)
  t.notOk(keys[0]!.includes(token))
  const stored = await redis.hgetall(keys[0]!)
  t.notOk(Object.values(stored).includes(token))
  t.ok((await redis.pttl(keys[0]!)) > 0, 'abandoned sessions expire in Redis too')
})

t.test('forged and odd cookies are not sessions', async (t) => {
  const { app } = await setup(t)
  for (const cookie of [
    'qms_console=',
    'qms_console=abc',
    `qms_console=${'A'.repeat(43)}`,
    `qms_console=${'A'.repeat(42)}*`,
    'other=1',
    '=;;;',
  ]) {
    const r = await app.inject({ url: '/x/hub', headers: { cookie } })
    t.equal(r.statusCode, 401, cookie)
  }
})

t.test('a change needs the session’s CSRF token in its header', async (t) => {
  const { app } = await setup(t)
  const s = sessionOf(await login(app, 'hub'))
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/x/hub', headers })
  const none = await post(s.read)
  t.equal(none.statusCode, 403)
  t.match(none.json(), { code: 'CSRF', messageZh: '请求校验失败' })
  const wrong = await post({ ...s.read, [CSRF_HEADER]: `${s.csrf.slice(0, -1)}x` })
  t.equal(wrong.statusCode, 403)
  t.match(wrong.json(), { code: 'CSRF' })
  const other = sessionOf(await login(app, 'admin'))
  const crossed = await post({ ...s.read, [CSRF_HEADER]: other.csrf })
  t.equal(crossed.statusCode, 403, 'another session’s token does not do')
  const ok = await post(s.write)
  t.equal(ok.statusCode, 200)
  t.same(ok.json(), { done: true })
  t.equal(
    (await app.inject({ url: '/x/hub', headers: s.read })).statusCode,
    200,
    'reads need no token',
  )
})

t.test('a change from another site’s page is refused by its Origin or Referer', async (t) => {
  const { app } = await setup(t)
  const s = sessionOf(await login(app, 'hub'))
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/x/hub', headers: { ...s.write, ...headers } })
  const evil = await post({ origin: 'https://evil.example' })
  t.equal(evil.statusCode, 403)
  t.match(evil.json(), { code: 'CSRF' })
  t.equal((await post({ origin: 'null' })).statusCode, 403, 'an opaque origin')
  t.equal((await post({ referer: 'https://evil.example/page' })).statusCode, 403)
  t.equal((await post({ referer: 'not a url' })).statusCode, 403)
  t.equal((await post({ origin: 'http://localhost:80' })).statusCode, 200, 'inject’s own host')
  t.equal((await post({ referer: 'http://localhost:80/console/' })).statusCode, 200)
  const signIn = await login(app, 'hub', 'right password', { origin: 'https://evil.example' })
  t.equal(signIn.statusCode, 403, 'no sign-in from another site’s page')
  t.match(signIn.json(), { code: 'CSRF' })
})

t.test('origins behind a proxy can be allowed by setting', async (t) => {
  const { app } = await setup(t, { settings: { origins: ['https://qms.example.cn'] } })
  const s = sessionOf(
    await login(app, 'hub', 'right password', { origin: 'https://qms.example.cn' }),
  )
  const r = await app.inject({
    method: 'POST',
    url: '/x/hub',
    headers: { ...s.write, origin: 'https://QMS.example.cn' },
  })
  t.equal(r.statusCode, 200)
})

t.test('failed sign-ins are throttled per account, without checking the password', async (t) => {
  const { app, clock } = await setup(t)
  for (let i = 0; i < 5; i++) t.equal((await login(app, 'hub', `guess ${i}`)).statusCode, 401)
  const limited = await login(app, 'hub', 'right password')
  t.equal(limited.statusCode, 429, 'the right password after five failures is refused too')
  t.match(limited.json(), { code: 'RATE_LIMITED', messageZh: '请求过于频繁' })
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 900)
  t.equal((await login(app, 'admin')).statusCode, 200, 'other accounts are not affected')
  clock.advance(15 * 60_000)
  t.equal((await login(app, 'hub')).statusCode, 200, 'the next window lets it try again')
})

t.test('failed sign-ins are throttled per address across accounts', async (t) => {
  const { app } = await setup(t, {
    settings: { limits: { windowMs: 60_000, perUser: 100, perAddress: 3 } },
  })
  for (const user of ['a1', 'a2', 'a3']) t.equal((await login(app, user, 'x')).statusCode, 401)
  t.equal((await login(app, 'admin')).statusCode, 429)
})

t.test('a successful sign-in clears the account’s failures', async (t) => {
  const { app } = await setup(t)
  for (let i = 0; i < 4; i++) await login(app, 'hub', 'wrong')
  t.equal((await login(app, 'hub')).statusCode, 200)
  for (let i = 0; i < 4; i++) t.equal((await login(app, 'hub', 'wrong')).statusCode, 401)
  t.equal((await login(app, 'hub')).statusCode, 200)
})

t.test('a hall manager sees their hall only; a district admin every hall', async (t) => {
  const { app } = await setup(t)
  const hub = sessionOf(await login(app, 'hub'))
  const admin = sessionOf(await login(app, 'admin'))
  t.same((await app.inject({ url: '/x/hub', headers: hub.read })).json(), { ok: 'hub' })
  const other = await app.inject({ url: '/x/st-01', headers: hub.read })
  t.equal(other.statusCode, 403)
  t.match(other.json(), { code: 'FORBIDDEN', messageZh: '无权访问' })
  const otherPost = await app.inject({ method: 'POST', url: '/x/st-01', headers: hub.write })
  t.equal(otherPost.statusCode, 403)
  t.equal((await app.inject({ url: '/x/st-01', headers: admin.read })).statusCode, 200)
  t.equal((await app.inject({ url: '/admin-only', headers: hub.read })).statusCode, 403)
  t.equal((await app.inject({ url: '/admin-only', headers: admin.read })).statusCode, 200)
})

t.test('a browser that is not signed in is sent to the sign-in page', async (t) => {
  const { app } = await setup(t)
  const page = await app.inject({ url: '/board?x=1', headers: { accept: 'text/html' } })
  t.equal(page.statusCode, 303)
  t.equal(page.headers.location, `/console/?next=${encodeURIComponent('/board?x=1')}`)
  const api = await app.inject({ url: '/board', headers: { accept: 'application/json' } })
  t.equal(api.statusCode, 401, 'a script gets the error body')
  const hub = sessionOf(await login(app, 'hub'))
  const forbidden = await app.inject({
    url: '/board',
    headers: { ...hub.read, accept: 'text/html' },
  })
  t.equal(forbidden.statusCode, 403, 'signed in with the wrong role: no redirect')
  const admin = sessionOf(await login(app, 'admin'))
  t.equal((await app.inject({ url: '/board', headers: admin.read })).body, 'board')
})

t.test('an account removed from the users file loses its sessions', async (t) => {
  let present = true
  const users: UserDirectory = {
    get: (u) => (present || u !== 'hub' ? baseUsers.get(u) : undefined),
    passwordHash: (u) => baseUsers.passwordHash(u),
    size: 2,
  }
  const { app } = await setup(t, { users })
  const s = sessionOf(await login(app, 'hub'))
  t.equal((await app.inject({ url: '/x/hub', headers: s.read })).statusCode, 200)
  present = false
  t.equal((await app.inject({ url: '/x/hub', headers: s.read })).statusCode, 401)
})

t.test('guarded routes fail closed on a server without the sign-in service', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  installErrorHandling(app)
  app.get('/x', { preHandler: guard() }, async () => 'open?')
  const r = await app.inject('/x')
  t.equal(r.statusCode, 401)
  t.match(r.json(), { code: 'UNAUTHORIZED' })
})
