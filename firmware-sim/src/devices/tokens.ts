import { createHash } from 'node:crypto'
import type { HallConfig, Issue } from '@qms/protocol'

/*
 * Where simulated devices get their passwords. The sample district's demo scheme is
 * `demo-<hall>-<device>` (protocol/sample/README.md); real halls give each device a secret token
 * and keep only its hash in the hall file, so a tokens file maps device ids to tokens.
 */

export type TokenSource = { kind: 'demo' } | { kind: 'map'; tokens: Record<string, string> }

export function demoToken(site: string, device: string): string {
  return `demo-${site}-${device}`
}

export function tokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`
}

/**
 * The token of every device of the hall, checked against the hall file's `tokenHash`; every
 * device without a token or with a token that does not match is listed.
 */
export function resolveTokens(
  hall: HallConfig,
  source: TokenSource,
): { tokens: Map<string, string>; issues: Issue[] } {
  const tokens = new Map<string, string>()
  const issues: Issue[] = []
  hall.devices.forEach((d, i) => {
    const token = source.kind === 'demo' ? demoToken(hall.id, d.id) : source.tokens[d.id]
    if (token === undefined) {
      issues.push({ path: `/devices/${i}`, reason: `no token for device ${d.id}` })
      return
    }
    if (tokenHash(token) !== d.tokenHash) {
      issues.push({
        path: `/devices/${i}/tokenHash`,
        reason: `the token given for ${d.id} does not match its tokenHash`,
      })
      return
    }
    tokens.set(d.id, token)
  })
  return { tokens, issues }
}
