import type { Logger } from 'pino'
import type { SiteDiscovery } from './intake/discovery.js'
import type { Intake } from './intake/intake.js'
import type { CloudMetrics } from './metrics.js'
import type { Ownership } from './ownership/ownership.js'

/** How the parts talk: leases start and stop halls; new halls are shared out and get consumers. */
export function wire(parts: {
  intake: Intake
  ownership: Ownership
  discovery: SiteDiscovery
  metrics: CloudMetrics
  ensureConsumer(site: string): Promise<unknown>
  log: Logger | undefined
}): void {
  const { intake, ownership, discovery, metrics, log } = parts
  const owned = () => metrics.ownedSites.set(ownership.owned().length)
  ownership.on('acquired', (site) => {
    owned()
    log?.info({ site }, 'hall acquired')
    intake.startSite(site)
  })
  ownership.on('shed', (site) => {
    log?.info({ site }, 'hall handed over')
    void intake
      .stopSite(site)
      .then(() => ownership.release(site))
      .catch((err: Error) => log?.warn({ site, err }, 'hand-over failed'))
      .finally(owned)
  })
  ownership.on('lost', (site) => {
    owned()
    log?.warn({ site }, 'hall lease lost')
    void intake.abortSite(site)
  })
  ownership.on('members', (members) => {
    metrics.members.set(members.length)
    log?.info({ members }, 'cloud members changed')
  })
  ownership.on('error', (err) => log?.warn({ err }, 'ownership heartbeat failed'))
  intake.on('fenced', (site) => ownership.markLost(site))
  intake.on('restart', (site, reason) => log?.info({ site, reason }, 'hall intake restarted'))
  intake.on('error', (err, site) => log?.warn({ site, err }, 'hall intake error'))
  intake.on('rejected', (r) => log?.warn(r, 'event rejected'))
  intake.on('replay', (site, result, from, to) =>
    log?.info({ site, result, from, to }, 'replay requested'),
  )
  discovery.on('added', (sites) => {
    log?.info({ sites }, 'new halls')
    for (const site of sites) void parts.ensureConsumer(site).catch(() => undefined)
    void ownership.heartbeat()
  })
}
