import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { registerStaticFolder } from '../src/http/static.js'
import { startAgent, tempDir } from './fixtures/agent.js'

t.test('a folder of pages is served under a prefix, and nothing outside it', async (t) => {
  const root = await tempDir(t)
  const pages = join(root, 'display')
  await mkdir(pages)
  await writeFile(join(pages, 'index.html'), '<!doctype html><title>综合屏</title>')
  await writeFile(join(root, 'secret.txt'), 'not for the hall')
  const { httpUrl } = await startAgent(t, {
    routes: (app) => registerStaticFolder(app, '/display', pages),
  })
  const index = await fetch(`${httpUrl}/display/`)
  t.equal(index.status, 200)
  t.match(index.headers.get('content-type'), /text\/html/)
  t.match(await index.text(), /综合屏/)
  const outside = await fetch(`${httpUrl}/display/..%2fsecret.txt`)
  t.not(outside.status, 200)
  t.notMatch(await outside.text(), /not for the hall/)
  t.equal((await fetch(`${httpUrl}/api/state`)).status, 200, 'the API is still there')
})
