import { jetstream } from '@nats-io/jetstream'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * A mirror that finds its hall's stream empty starts from the projection. When the hall's first
 * event arrives while that projection is being read, the event is the better start: the mirror
 * must keep it and go on, not rebase on the older projection and wait forever for an event it
 * already applied. The projection read is held open here until the first event has arrived, so
 * the two always cross.
 */

t.test(
  'a first event that arrives while the projection is read is kept as the start',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const hall = liveHall('st-r', [{ no: '1' }, { no: '2' }])
    const { cloud, live } = await startLiveCloud(t, {
      names,
      prefix,
      halls: [hall],
      live: { settings: { runs: 8, workers: 0, refreshDebounceMs: 100 } },
    })
    const started = await waitFor(
      () => {
        const h = live.halls.hall('st-r')
        return h?.mirror?.live === true ? h : undefined
      },
      { what: 'the hall started from its empty stream' },
    )

    // Hold the projection read of the next start until the hall's first event is in the mirror.
    const reader = cloud.reader
    const read = reader.live
    let asked!: () => void
    const askedForProjection = new Promise<void>((resolve) => {
      asked = resolve
    })
    let release!: () => void
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    reader.live = async (site) => {
      const projection = await read.call(reader, site)
      if (site === 'st-r') {
        asked()
        await released
      }
      return projection
    }
    t.teardown(() => {
      reader.live = read
      release()
    })

    await started.reopen()
    await askedForProjection
    const nc = await connectNats(t)
    const sim = new SimHall(jetstream(nc), names, hall, liveCatalogue())
    await sim.readCommands(t)
    await sim.open('1')
    await waitFor(() => started.mirror?.sequencer.based === true, {
      what: 'the first event based the mirror',
    })
    t.equal(started.mirror?.live, false, 'the projection is still being read')
    release()

    for (let i = 0; i < 3; i++) await sim.take('I10')
    await sim.call('1')
    const last = Math.max(...sim.edge.journal.keys())
    const mirror = await waitFor(
      () => {
        const m = started.mirror
        return m?.live === true && m.applied === last ? m : undefined
      },
      { what: `the mirror applying every event up to ${last}` },
    )
    t.same(
      [...mirror.state.open.values()].map((x) => [x.ticket, x.state, x.window]).sort(),
      [...sim.engine.state.open.values()].map((x) => [x.ticket, x.state, x.window]).sort(),
      'the mirror holds the hall’s queue as the hall does',
    )
    await sim.command('predictions', (c) => c.data.seq === last)
  },
)
