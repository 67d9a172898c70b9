import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { pageFolders, pagesDir, windowPage } from '../src/paths.js'

// The build (`npm run build`, run by the root `prepare`) leaves pages the edge can serve.
t.test('the built pages are where the edge looks for them', async (t) => {
  t.ok(pagesDir.endsWith(join('hall-display', 'dist', 'pages')), pagesDir)
  const files = [
    join(pageFolders.display, 'index.html'),
    join(pageFolders.display, 'hall.js'),
    join(pageFolders.display, 'hall.css'),
    join(pageFolders.display, 'window.js'),
    join(pageFolders.display, 'window.css'),
    windowPage,
    join(pageFolders.kiosk, 'index.html'),
    join(pageFolders.kiosk, 'kiosk.js'),
    join(pageFolders.kiosk, 'kiosk.css'),
  ]
  for (const f of files) t.ok(existsSync(f), `${f} exists (npm run build -w @qms/hall-display)`)
})

t.test('each page loads its own script and style, relative to where it is served', async (t) => {
  const html = (f: string) => readFileSync(f, 'utf8')
  t.match(html(join(pageFolders.display, 'index.html')), /src="hall\.js"[\s\S]*|href="hall\.css"/)
  t.match(html(windowPage), /href="\.\.\/window\.css"/, '/display/window/<n> → /display/window.css')
  t.match(html(windowPage), /src="\.\.\/window\.js"/)
  t.match(html(join(pageFolders.kiosk, 'index.html')), /src="kiosk\.js"/)
  for (const f of [
    join(pageFolders.display, 'index.html'),
    windowPage,
    join(pageFolders.kiosk, 'index.html'),
  ])
    t.match(html(f), /<html lang="zh-CN">/, 'Chinese first')
})
