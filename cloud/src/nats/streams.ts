import {
  DiscardPolicy,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import type { NatsNames } from '@qms/protocol'
import { MAX_COMMAND_TTL_MS } from '@qms/protocol'

/*
 * The two streams of the NATS contract (DESIGN.md): QMS_EVT, the log every projection is rebuilt
 * from, and QMS_CMD, where commands wait for halls that are offline.
 */

export interface StreamSettings {
  /** How long events are kept; the projections can be rebuilt from what is kept. 0 = forever. */
  eventMaxAgeMs: number
  /** Largest size of the event stream in bytes; -1 = unlimited. */
  eventMaxBytes: number
  /**
   * Message-id deduplication window. An edge that resends an event it was not sure was stored
   * (a lost PubAck) within this window is not stored twice; later resends are stored again and
   * skipped by the cloud's seq check.
   */
  duplicateWindowMs: number
  /** Commands per hall kept at most; older ones go first (they have expired by then). */
  commandsPerSite: number
  replicas: number
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  eventMaxAgeMs: 400 * 24 * 3_600_000, // 400 days: a year of figures, rebuildable
  eventMaxBytes: -1,
  duplicateWindowMs: 5 * 60_000, // 5 minutes
  commandsPerSite: 1000,
  replicas: 1,
}

export function eventStreamConfig(
  names: NatsNames,
  s: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  return {
    name: names.eventStream,
    subjects: [names.allEvents()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(s.eventMaxAgeMs),
    max_bytes: s.eventMaxBytes,
    duplicate_window: nanos(s.duplicateWindowMs),
    num_replicas: s.replicas,
    // The log is the truth: no one deletes single events from it.
    deny_delete: true,
    allow_direct: true,
  }
}

export function commandStreamConfig(
  names: NatsNames,
  s: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  return {
    name: names.commandStream,
    subjects: [names.allCommands()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    // A command lives at most MAX_COMMAND_TTL_MS; keep it a little longer so an edge can still
    // count it as expired rather than never see it.
    max_age: nanos(MAX_COMMAND_TTL_MS + 3_600_000),
    max_msgs_per_subject: s.commandsPerSite,
    duplicate_window: nanos(Math.min(s.duplicateWindowMs, 2 * 60_000)),
    num_replicas: s.replicas,
  }
}

async function ensure(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    const info = await jsm.streams.info(config.name)
    const current = info.config
    const { name, storage: _s, retention: _r, ...mutable } = config
    const differs = (Object.keys(mutable) as (keyof typeof mutable)[]).some(
      (k) => JSON.stringify(current[k]) !== JSON.stringify(mutable[k]),
    )
    if (differs) await jsm.streams.update(name, mutable)
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) {
      await jsm.streams.add(config)
      return
    }
    throw err
  }
}

/** Creates the event and command streams, or brings their settings up to date. */
export async function ensureStreams(
  jsm: JetStreamManager,
  names: NatsNames,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  await ensure(jsm, eventStreamConfig(names, settings))
  await ensure(jsm, commandStreamConfig(names, settings))
}
