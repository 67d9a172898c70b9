import { nkeys } from '@nats-io/transport-node'
import { type NatsNames, natsNames } from '@qms/protocol'

/*
 * The nats-server authorization block for a district: one NATS user per edge, allowed exactly
 * what its hall needs, and a broad user for the cloud.
 *
 * An edge (hall `S`) may:
 *   publish    qms.evt.S                                   its events (JetStream stores them)
 *              $JS.API.CONSUMER.INFO.QMS_CMD.cmd-S         look up its command consumer
 *              $JS.API.CONSUMER.MSG.NEXT.QMS_CMD.cmd-S     pull its commands
 *              $JS.ACK.QMS_CMD.cmd-S.>                     acknowledge them
 *   subscribe  qms.rpc.S.>                                 requests from the cloud (take, replay…)
 *              _INBOX.S.>                                  replies to its own requests: PubAcks,
 *                                                          pulled commands (inbox prefix _INBOX.S)
 *   reply      once, within a minute, to a request it received (allow_responses)
 *
 * Everything else is refused by the server: another hall's event subject, another hall's command
 * consumer or RPC subject, creating consumers (reading the event stream), the stream API, other
 * inboxes. Since the subject is the sender's identity, the cloud refuses an event whose envelope
 * names a hall other than its subject's (intake/check-message.ts).
 */

export interface EdgeUser {
  site: string
  /** Public user nkey (`U…`); the edge keeps the seed. Preferred: no secret in the server file. */
  nkey?: string
  user?: string
  password?: string
}

export type CloudUser = { user: string; password: string } | { nkey: string }

export interface Permissions {
  publish: { allow: string[] }
  subscribe: { allow: string[] }
  allow_responses?: { max: number; expires: string }
}

/** Inbox prefix an edge must connect with (`inboxPrefix` in nats.js): its own inboxes only. */
export function edgeInboxPrefix(site: string, names: NatsNames = natsNames()): string {
  return names.edgeInboxPrefix(site)
}

export function edgePermissions(names: NatsNames, site: string): Permissions {
  const cmd = names.commandStream
  const consumer = names.commandConsumer(site)
  return {
    publish: {
      allow: [
        names.events(site),
        `$JS.API.CONSUMER.INFO.${cmd}.${consumer}`,
        `$JS.API.CONSUMER.MSG.NEXT.${cmd}.${consumer}`,
        `$JS.ACK.${cmd}.${consumer}.>`,
      ],
    },
    subscribe: { allow: [names.allRpc(site), `${names.edgeInboxPrefix(site)}.>`] },
    allow_responses: { max: 1, expires: '1m' },
  }
}

const q = (s: string) => JSON.stringify(s)
const list = (items: string[]) => `[${items.map(q).join(', ')}]`

function permissionsBlock(p: Permissions, indent: string): string {
  const lines = [
    `${indent}permissions: {`,
    `${indent}  publish: { allow: ${list(p.publish.allow)} }`,
    `${indent}  subscribe: { allow: ${list(p.subscribe.allow)} }`,
  ]
  if (p.allow_responses !== undefined) {
    lines.push(
      `${indent}  allow_responses: { max: ${p.allow_responses.max}, expires: ${q(p.allow_responses.expires)} }`,
    )
  }
  lines.push(`${indent}}`)
  return lines.join('\n')
}

/** The `authorization { users = [...] }` block, in nats-server's configuration format. */
export function authorizationConfig(opts: {
  names?: NatsNames
  cloud: CloudUser
  edges: EdgeUser[]
}): string {
  const names = opts.names ?? natsNames()
  const users: string[] = []
  const cloud = opts.cloud
  const cloudId =
    'nkey' in cloud
      ? `nkey: ${q(cloud.nkey)}`
      : `user: ${q(cloud.user)}, password: ${q(cloud.password)}`
  users.push(`    {\n      ${cloudId}\n      permissions: { publish: ">", subscribe: ">" }\n    }`)
  for (const edge of opts.edges) {
    let id: string
    if (edge.nkey !== undefined) id = `nkey: ${q(edge.nkey)}`
    else if (edge.user !== undefined && edge.password !== undefined)
      id = `user: ${q(edge.user)}, password: ${q(edge.password)}`
    else throw new TypeError(`edge ${edge.site} needs an nkey or a user and password`)
    users.push(
      `    # hall ${edge.site}\n    {\n      ${id}\n${permissionsBlock(edgePermissions(names, edge.site), '      ')}\n    }`,
    )
  }
  return `authorization {\n  users = [\n${users.join('\n')}\n  ]\n}\n`
}

/** A fresh user nkey pair for an edge: the public key for the server, the seed for the edge. */
export function newEdgeKey(): { nkey: string; seed: string } {
  const pair = nkeys.createUser()
  return {
    nkey: pair.getPublicKey(),
    seed: new TextDecoder().decode(pair.getSeed()),
  }
}
