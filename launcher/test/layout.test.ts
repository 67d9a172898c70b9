import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { type HallConfig, HallConfig as HallConfigSchema, schemaIssues } from '@qms/protocol'
import t from 'tap'
import { sampleDir } from '../src/layout/bins.js'
import { readHall, readSample, writeDistrictFile, writeHallFile } from '../src/layout/hall-files.js'
import { DEFAULT_PORTS, planPorts, portFree } from '../src/layout/ports.js'

/*
 * This run's configuration: the hall files written from the sample (ports, printers, journal
 * folder, ticket links), the district file for the cloud, and the port plan.
 */

const data = mkdtempSync(join(tmpdir(), 'qms-layout-'))
t.teardown(() => rmSync(data, { recursive: true, force: true }))
const sample = readSample(sampleDir())

t.test('the sample district is read with its hall files by id', async (t) => {
  t.equal(sample.district.id, 'sample')
  t.equal(sample.hallFiles.size, 42)
  t.ok(sample.hallFiles.get('pt-01')?.endsWith('halls/pt-01.json'))
  t.throws(() => readHall(sample, 'st-99'), /no hall "st-99" in the sample district/)
})

t.test(
  'a hall file for this run: ports, printers, journal, links; valid and relative',
  async (t) => {
    const hall = readHall(sample, 'hub')
    const layout = writeHallFile({
      sample,
      hall,
      dataDir: data,
      ports: { http: 18101, mqtt: 11884, ws: 18884 },
      host: '127.0.0.1',
      printerUrls: new Map([['p2', 'tcp://127.0.0.1:40002']]),
      publicUrl: 'http://127.0.0.1:18090',
    })
    t.equal(layout.file, join(data, 'config', 'hub.json'))
    const written = JSON.parse(readFileSync(layout.file, 'utf8')) as HallConfig
    t.same(schemaIssues(HallConfigSchema, written), [], 'a valid hall file')
    t.same(written.broker, { host: '127.0.0.1', tcpPort: 11884, wsPort: 18884 })
    t.same(written.http, { host: '127.0.0.1', port: 18101, publicUrl: 'http://127.0.0.1:18090' })
    t.equal(written.dataDir, join(data, 'halls', 'hub'))
    t.equal(
      resolve(dirname(layout.file), written.catalogue!),
      sample.catalogueFile,
      'the catalogue, relative to the file',
    )
    const printers = Object.fromEntries((written.printers ?? []).map((p) => [p.id, p.interface]))
    t.equal(printers.p2, 'tcp://127.0.0.1:40002', 'a moved printer points where it listens')
    t.equal(printers.p1, 'tcp://127.0.0.1:9101', 'the others as the sample has them')
    t.same(written.devices, hall.devices, 'devices and their token hashes untouched')
    const offline = writeHallFile({
      sample,
      hall: readHall(sample, 'pt-01'),
      dataDir: data,
      ports: { http: 1, mqtt: 2, ws: 3 },
      host: '0.0.0.0',
      printerUrls: new Map(),
    })
    t.notOk(offline.config.http?.publicUrl, 'no cloud: ticket links point at the hall itself')
  },
)

t.test('the district file lists only the halls that run, relative to itself', async (t) => {
  const halls = ['hub', 'st-01'].map((site) =>
    writeHallFile({
      sample,
      hall: readHall(sample, site),
      dataDir: data,
      ports: { http: 1, mqtt: 2, ws: 3 },
      host: '127.0.0.1',
      printerUrls: new Map(),
    }),
  )
  const file = writeDistrictFile({ sample, dataDir: data, halls })
  const district = JSON.parse(readFileSync(file, 'utf8')) as { halls: string[]; catalogue: string }
  t.same(district.halls, ['hub.json', 'st-01.json'])
  t.equal(resolve(dirname(file), district.catalogue), sample.catalogueFile)
})

t.test('fixed ports: the documented ones, a taken one replaced and said', async (t) => {
  const blocker = createServer()
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => blocker.close(() => r())))
  const taken = (blocker.address() as { port: number }).port
  t.equal(await portFree(taken, '127.0.0.1'), false)
  const plan = await planPorts({
    halls: ['hub', 'st-01'],
    mode: 'fixed',
    host: '127.0.0.1',
    base: { cloud: taken, hallHttp: 28101, hallMqtt: 21884, hallWs: 28884 },
  })
  t.not(plan.cloud, taken, 'the taken port is not used')
  t.same(plan.moved, [{ what: 'cloud HTTP', wanted: taken, used: plan.cloud }])
  t.same(plan.halls.get('st-01'), { http: 28102, mqtt: 21885, ws: 28885 }, 'hall i: base + i')
  t.equal(DEFAULT_PORTS.hallMqtt, 1884, 'MQTT from 1884: 1883 is the machine’s own broker’s')
})

t.test('never 1883, even when asked for', async (t) => {
  const plan = await planPorts({
    halls: ['hub'],
    mode: 'fixed',
    host: '127.0.0.1',
    base: { hallMqtt: 1883 },
  })
  t.not(plan.halls.get('hub')?.mqtt, 1883)
})

t.test('free ports: all different, nothing reported as moved', async (t) => {
  const plan = await planPorts({ halls: ['a', 'b', 'c'], mode: 'free', host: '127.0.0.1' })
  const all = [plan.cloud, ...[...plan.halls.values()].flatMap((p) => [p.http, p.mqtt, p.ws])]
  t.equal(new Set(all).size, all.length)
  t.same(plan.moved, [])
  // Below the range the kernel gives outgoing connections, so no client socket takes one first.
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0])
  for (const port of all) t.ok(port >= 20000 && port < low, `${port} is below ${low}`)
})
