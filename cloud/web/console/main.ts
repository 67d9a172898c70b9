import type { ConsoleSession } from '@qms/protocol'
import { chooseLang, type Lang, t, type WordKey } from '../../src/console/view/i18n.js'
import {
  homeRoute,
  parseRoute,
  type Route,
  routeHash,
  safeNext,
} from '../../src/console/view/route.js'
import { ApiError, api, setCsrfToken } from '../shared/api.js'
import { byId, fill, h } from '../shared/dom.js'
import { alertsView } from './alerts-view.js'
import { type App, type ItemInfo, loadItems } from './app.js'
import { districtView } from './district-view.js'
import { hallView } from './hall-view.js'

/*
 * The data cockpit (数据驾驶舱): sign in, then the district (district admins), a hall (a hall
 * manager's own), and the alerts, in the URL's hash. Chinese first; the English toggle is
 * remembered in this browser.
 */

const LANG_KEY = 'qms.console.lang'
const loginEl = byId('login')
const appEl = byId('app')
const top = byId('top')
const view = byId('view')
const bannerEl = byId('banner')
const form = byId<HTMLFormElement>('login-form')
const userInput = byId<HTMLInputElement>('login-user')
const passwordInput = byId<HTMLInputElement>('login-password')
const loginError = byId('login-error')

let lang: Lang = chooseLang(localStorage.getItem(LANG_KEY))
let session: ConsoleSession | undefined
let items = new Map<string, ItemInfo>()
let stopView: (() => void) | undefined
const timeZone = 'Asia/Shanghai'

const w = (key: WordKey) => t(lang, key)

function setLang(next: Lang) {
  lang = next
  localStorage.setItem(LANG_KEY, next)
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en'
  drawLoginWords()
  if (session !== undefined) enterApp(session)
}

function drawLoginWords() {
  byId('login-title').textContent = w('title')
  byId('login-sub').textContent = w('subtitle')
  byId('login-user-label').textContent = w('user')
  byId('login-password-label').textContent = w('password')
  byId('login-submit').textContent = w('signIn')
  byId('login-lang').textContent = w('language')
}

function showLogin(reason?: WordKey) {
  stopView?.()
  stopView = undefined
  session = undefined
  setCsrfToken(undefined)
  appEl.hidden = true
  loginEl.hidden = false
  loginError.textContent = reason === undefined ? '' : w(reason)
  drawLoginWords()
  userInput.focus()
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  loginError.textContent = ''
  void (async () => {
    try {
      const s = await api<ConsoleSession>('/api/session', {
        method: 'POST',
        body: { user: userInput.value.trim(), password: passwordInput.value },
      })
      passwordInput.value = ''
      const next = safeNext(new URLSearchParams(location.search).get('next'))
      if (next !== undefined && !next.startsWith('/console')) {
        location.assign(next)
        return
      }
      enterApp(s)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : undefined
      loginError.textContent =
        code === 'RATE_LIMITED'
          ? w('tooMany')
          : code === 'UNAUTHORIZED'
            ? w('badLogin')
            : w('network')
    }
  })()
})
byId('login-lang').addEventListener('click', () => setLang(lang === 'zh' ? 'en' : 'zh'))

function enterApp(s: ConsoleSession) {
  session = s
  setCsrfToken(s.csrfToken)
  loginEl.hidden = true
  appEl.hidden = false
  drawTop(s)
  route()
}

function drawTop(s: ConsoleSession) {
  const admin = s.role === 'district-admin'
  const nav = (key: WordKey, hash: string) =>
    h('a', { text: w(key), attrs: { href: hash }, data: { nav: hash } })
  fill(
    top,
    h(
      'div',
      { class: 'brand' },
      h('strong', { text: w('title') }),
      h('span', { class: 'muted', text: w('subtitle') }),
    ),
    h(
      'nav',
      {},
      admin ? nav('district', '#/district') : nav('hall', `#/hall/${s.site ?? ''}`),
      nav('alerts', '#/alerts'),
      admin
        ? h('a', {
            text: w('jobs'),
            attrs: { href: '/admin/queues', target: '_blank', rel: 'noopener' },
            data: { testid: 'board-link' },
          })
        : undefined,
    ),
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'user', text: s.name ?? s.user, data: { testid: 'user' } }),
      h('button', {
        class: 'link',
        text: w('language'),
        data: { testid: 'lang' },
        on: { click: () => setLang(lang === 'zh' ? 'en' : 'zh') },
      }),
      h('button', {
        class: 'link',
        text: w('signOut'),
        data: { testid: 'sign-out' },
        on: {
          click: () =>
            void api('/api/session', { method: 'DELETE' })
              .catch(() => undefined)
              .then(() => showLogin()),
        },
      }),
    ),
  )
}

function route() {
  if (session === undefined) return
  const s = session
  let r: Route = parseRoute(location.hash) ?? homeRoute(s)
  // A hall manager's home is their hall; the district view is the admin's.
  if (r.view === 'district' && s.role !== 'district-admin') r = homeRoute(s)
  if (routeHash(r) !== location.hash) {
    history.replaceState(null, '', `${location.pathname}${routeHash(r)}`)
  }
  for (const a of top.querySelectorAll<HTMLAnchorElement>('nav a[data-nav]'))
    a.classList.toggle('on', a.dataset.nav === routeHash(r))
  stopView?.()
  const app: App = {
    lang,
    session: s,
    items,
    timeZone,
    w,
    go: (next) => {
      location.hash = routeHash(next)
    },
    signedOut: (reason) => showLogin(reason),
    banner: (text) => {
      bannerEl.hidden = text === undefined
      bannerEl.textContent = text ?? ''
    },
    redraw: route,
  }
  document.title = `${w('title')} · ${r.view === 'hall' ? r.site : w(r.view)}`
  stopView =
    r.view === 'district'
      ? districtView(app, view)
      : r.view === 'hall'
        ? hallView(app, view, r.site)
        : alertsView(app, view)
}

window.addEventListener('hashchange', route)
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'

void (async () => {
  items = await loadItems()
  try {
    enterApp(await api<ConsoleSession>('/api/session'))
  } catch {
    showLogin()
  }
})()
