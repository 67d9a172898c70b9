import { PROTOCOL_VERSION } from './version.js'

/*
 * Every MQTT topic and NATS subject of the system is built and parsed here; no call site glues
 * topic strings by hand. Ids are validated by their schemas before they reach these builders;
 * the builders still refuse a segment that would change the topic's shape.
 */

export const MQTT_ROOT = `qms/v${PROTOCOL_VERSION}`

export type DeviceLeaf = 'status' | 'req' | 'res' | 'cmd'
const DEVICE_LEAVES: ReadonlySet<string> = new Set(['status', 'req', 'res', 'cmd'])

const MQTT_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/
const NATS_TOKEN = /^[A-Za-z0-9_-]{1,64}$/

function segment(value: string, what: string, pattern = MQTT_SEGMENT): string {
  if (!pattern.test(value))
    throw new TypeError(`invalid ${what} for a topic: ${JSON.stringify(value)}`)
  return value
}

/** MQTT topics under `qms/v1/<site>/`. */
export const mqttTopics = {
  device(site: string, device: string, leaf: DeviceLeaf): string {
    return `${MQTT_ROOT}/${segment(site, 'site')}/dev/${segment(device, 'device')}/${leaf}`
  },
  status: (site: string, device: string) => mqttTopics.device(site, device, 'status'),
  request: (site: string, device: string) => mqttTopics.device(site, device, 'req'),
  response: (site: string, device: string) => mqttTopics.device(site, device, 'res'),
  command: (site: string, device: string) => mqttTopics.device(site, device, 'cmd'),
  hall: (site: string) => `${MQTT_ROOT}/${segment(site, 'site')}/hall`,
  announce: (site: string) => `${MQTT_ROOT}/${segment(site, 'site')}/announce`,
  /** Filter for one leaf of every device of a hall, e.g. all requests. */
  allDevices: (site: string, leaf: DeviceLeaf) =>
    `${MQTT_ROOT}/${segment(site, 'site')}/dev/+/${leaf}`,
  /** Filter for everything of a hall. */
  everything: (site: string) => `${MQTT_ROOT}/${segment(site, 'site')}/#`,
}

export type ParsedTopic =
  | { kind: 'device'; site: string; device: string; leaf: DeviceLeaf }
  | { kind: 'hall'; site: string }
  | { kind: 'announce'; site: string }

/** Parses a concrete topic (no wildcards) of this protocol, or returns undefined. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/')
  if (parts.length < 4 || `${parts[0]}/${parts[1]}` !== MQTT_ROOT) return undefined
  const site = parts[2]!
  if (!MQTT_SEGMENT.test(site)) return undefined
  if (parts.length === 4 && parts[3] === 'hall') return { kind: 'hall', site }
  if (parts.length === 4 && parts[3] === 'announce') return { kind: 'announce', site }
  if (
    parts.length === 6 &&
    parts[3] === 'dev' &&
    MQTT_SEGMENT.test(parts[4]!) &&
    DEVICE_LEAVES.has(parts[5]!)
  ) {
    return { kind: 'device', site, device: parts[4]!, leaf: parts[5] as DeviceLeaf }
  }
  return undefined
}

/**
 * NATS names. The root (`qms`) and the stream prefix (`QMS`) are settings so that tests and
 * several districts can share one NATS server without their streams' subjects overlapping.
 */
export interface NatsNamesOptions {
  /** First subject token, default `qms`. */
  root?: string
  /** Prefix of stream names, default `QMS`. */
  streamPrefix?: string
}

export interface NatsNames {
  root: string
  /** Stream of hall events, `QMS_EVT`, subjects `qms.evt.>`. */
  eventStream: string
  /** Stream of cloud → edge commands, `QMS_CMD`, subjects `qms.cmd.>`. */
  commandStream: string
  events(site: string): string
  allEvents(): string
  commands(site: string): string
  allCommands(): string
  rpc(site: string, op: string): string
  allRpc(site: string): string
  /** Durable consumer of a hall's commands. */
  commandConsumer(site: string): string
  /**
   * Inbox prefix of a hall's NATS connection (nats.js `inboxPrefix`): the hall's NATS user may
   * subscribe to `<prefix>.>` only, so no hall reads another's replies.
   */
  edgeInboxPrefix(site: string): string
  /** JetStream message id of an event: `<site>:<seq>`. */
  eventMsgId(site: string, seq: number): string
  parseEvents(subject: string): { site: string } | undefined
  parseRpc(subject: string): { site: string; op: string } | undefined
}

export function natsNames(options: NatsNamesOptions = {}): NatsNames {
  const root = segment(options.root ?? 'qms', 'subject root', NATS_TOKEN)
  const streamPrefix = segment(options.streamPrefix ?? 'QMS', 'stream prefix', NATS_TOKEN)
  const site = (s: string) => segment(s, 'site', NATS_TOKEN)
  return {
    root,
    eventStream: `${streamPrefix}_EVT`,
    commandStream: `${streamPrefix}_CMD`,
    events: (s) => `${root}.evt.${site(s)}`,
    allEvents: () => `${root}.evt.>`,
    commands: (s) => `${root}.cmd.${site(s)}`,
    allCommands: () => `${root}.cmd.>`,
    rpc: (s, op) => `${root}.rpc.${site(s)}.${segment(op, 'rpc op', NATS_TOKEN)}`,
    allRpc: (s) => `${root}.rpc.${site(s)}.>`,
    commandConsumer: (s) => `cmd-${site(s)}`,
    edgeInboxPrefix: (s) => `_INBOX.${site(s)}`,
    eventMsgId: (s, seq) => `${site(s)}:${seq}`,
    parseEvents(subject) {
      const p = subject.split('.')
      if (p.length !== 3 || p[0] !== root || p[1] !== 'evt' || !NATS_TOKEN.test(p[2]!))
        return undefined
      return { site: p[2]! }
    },
    parseRpc(subject) {
      const p = subject.split('.')
      if (
        p.length !== 4 ||
        p[0] !== root ||
        p[1] !== 'rpc' ||
        !NATS_TOKEN.test(p[2]!) ||
        !NATS_TOKEN.test(p[3]!)
      ) {
        return undefined
      }
      return { site: p[2]!, op: p[3]! }
    },
  }
}

/** Parses a JetStream event message id `<site>:<seq>`. */
export function parseEventMsgId(id: string): { site: string; seq: number } | undefined {
  const m = /^([a-z0-9][a-z0-9-]{0,31}):([1-9][0-9]{0,15})$/.exec(id)
  if (m === null) return undefined
  return { site: m[1]!, seq: Number(m[2]) }
}
