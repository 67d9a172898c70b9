/*
 * Builds the cloud's pages into dist/pages/ (run by `npm run build`, and by the root `prepare`
 * after `tsc -b`, so `npm ci` leaves servable pages):
 *
 *   dist/pages/console/  index.html console.js console.css   the data cockpit, /console/
 *   dist/pages/m/        index.html phone.js phone.css       the phone page, /m/ and /t/<site>/<ticket>
 *
 * esbuild bundles each page's TypeScript — with @qms/protocol, the kiosk search of
 * @qms/hall-display and, for the console, the parts of ECharts it draws — into one ES module for
 * current browsers and phones a few years old, and the CSS with its imports. Type-checking is
 * tsc's job (web/tsconfig.json); esbuild only strips the types.
 */
import { copyFile, mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'pages')
const web = join(root, 'web')
const TARGET = ['es2020', 'chrome90', 'firefox90', 'safari15', 'ios15']

await rm(out, { recursive: true, force: true })
const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: TARGET,
  outdir: out,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'eof',
} as const

// Each page on its own, so that they share no chunk. The console loads ECharts only when a hall
// view draws its charts (a chunk of its own); the district view starts without it.
const page = (entry: string, name: string, dir: string, splitting: boolean) =>
  build({
    ...common,
    outdir: join(out, dir),
    entryPoints: { [name]: join(web, entry) },
    format: 'esm',
    platform: 'browser',
    splitting,
    chunkNames: 'chunks/[name]-[hash]',
    // The workspace packages' sources, as the tests see them: no build order between packages.
    conditions: ['@qms/source'],
  })
const scripts = [
  await page('console/main.ts', 'console', 'console', true),
  await page('phone/main.ts', 'phone', 'm', false),
]
const styles = await build({
  ...common,
  entryPoints: {
    'console/console': join(web, 'console/console.css'),
    'm/phone': join(web, 'phone/phone.css'),
  },
})
const html: Array<[string, string]> = [
  ['console/index.html', 'console/index.html'],
  ['phone/index.html', 'm/index.html'],
]
for (const [from, to] of html) {
  await mkdir(dirname(join(out, to)), { recursive: true })
  await copyFile(join(web, from), join(out, to))
}

const outputs = [
  ...scripts.flatMap((r) => Object.keys(r.metafile.outputs)),
  ...Object.keys(styles.metafile.outputs),
].filter((f) => !f.endsWith('.map'))
for (const f of outputs.sort()) {
  const { size } = await stat(f)
  process.stdout.write(
    `${relative(root, f).padEnd(36)} ${(size / 1024).toFixed(1).padStart(7)} KiB\n`,
  )
}
