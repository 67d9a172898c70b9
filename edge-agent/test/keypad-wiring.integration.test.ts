import { startSerialKeypad } from '@qms/firmware-sim'
import { mqttTopics } from '@qms/protocol'
import { ptyPair, waitFor } from '@qms/test'
import t from 'tap'
import { startAgent } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { testHall, tokenHash } from './fixtures/hall.js'

/*
 * The serial keypad module wired into the agent: a keypad on a real pseudo-terminal pair (socat)
 * runs requests as its caller device, with the same rules, and its line is the device's presence.
 */

const SITE = 'test-hall'

t.test('a serial keypad calls like an MQTT caller; its line going down is journaled', async (t) => {
  const pty = await ptyPair(t)
  const hall = testHall()
  hall.devices.push({
    id: 'c2-serial',
    kind: 'caller',
    tokenHash: tokenHash('unused'),
    window: '2',
  })
  hall.serial = [
    { path: pty.a, baud: 9600, dialect: 'qms-line-1', device: 'c2-serial', window: '2' },
  ]
  const { agent, mqttUrl } = await startAgent(t, { hall, serialReopenDelayMs: 50 })
  const events = () => agent.journal.readAfter(0, 1000)
  await waitFor(() =>
    events().some((e) => e.type === 'device.online' && e.data.device === 'c2-serial'),
  )

  const keypad = await startSerialKeypad({ path: pty.b, window: '2', reconnectDelayMs: 50 })
  t.teardown(() => keypad.close())
  const w2 = await connectDevice(t, mqttUrl, SITE, 'w2', { status: false })
  await agent.handle('k1', { reqId: 't1', op: 'take', item: 'HJ-001' })

  t.same(await keypad.send('OPEN'), { ok: true, payload: 'IDLE' })
  const shown = w2.next(mqttTopics.command(SITE, 'w2'))
  t.same(await keypad.send('CALL'), { ok: true, payload: 'A001' })
  t.match(await shown, { cmd: 'show', ticket: 'A001', window: '2' }, 'the window screen shows it')
  t.match(await keypad.send('CALL'), { ok: false, code: 'WINDOW_BUSY' })
  t.same(await keypad.send('COMPLETE'), { ok: true, payload: 'A001 DONE' })
  t.match(await keypad.send('TRANSFER', ['NOPE-1']), { ok: false, code: 'NO_CURRENT_TICKET' })

  await pty.unplug()
  await waitFor(() =>
    events().some(
      (e) =>
        e.type === 'device.fault' &&
        e.data.device === 'c2-serial' &&
        e.data.fault === 'serial-lost',
    ),
  )
  t.ok(events().some((e) => e.type === 'device.offline' && e.data.device === 'c2-serial'))
  await pty.plug()
  await waitFor(() =>
    events().some(
      (e) => e.type === 'device.fault' && e.data.fault === 'serial-lost' && e.data.cleared === true,
    ),
  )
  t.pass('the line came back and the fault cleared')
})
