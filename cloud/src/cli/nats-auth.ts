import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { natsNames } from '@qms/protocol'
import { loadDistrict, sampleDistrictPath } from '../district/district.js'
import { authorizationConfig, type EdgeUser, newEdgeKey } from '../nats/auth-config.js'

/**
 * `qms-cloud nats-auth`: prints the authorization block for a district's nats-server and writes
 * each hall's new nkey seed to a JSON file. Returns the exit code.
 */
export async function natsAuthCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      district: { type: 'string', short: 'd' },
      sites: { type: 'string' },
      seeds: { type: 'string' },
    },
    strict: true,
  })
  const sites =
    values.sites !== undefined
      ? values.sites
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [...(await loadDistrict(values.district ?? sampleDistrictPath())).sites.keys()]
  const seeds: Record<string, string> = {}
  const edges: EdgeUser[] = sites.map((site) => {
    const key = newEdgeKey()
    seeds[site] = key.seed
    return { site, nkey: key.nkey }
  })
  const user = env.QMS_NATS_USER ?? 'cloud'
  const password = env.QMS_NATS_PASSWORD
  if (password === undefined || password === '') {
    console.error('set QMS_NATS_PASSWORD: the password of the cloud user')
    return 2
  }
  const names = natsNames({ root: env.QMS_NATS_ROOT, streamPrefix: env.QMS_STREAM_PREFIX })
  process.stdout.write(authorizationConfig({ names, cloud: { user, password }, edges }))
  if (values.seeds !== undefined) {
    await writeFile(values.seeds, `${JSON.stringify(seeds, null, 2)}\n`, { mode: 0o600 })
    console.error(`wrote ${sites.length} hall seeds to ${values.seeds}`)
  } else {
    console.error('no --seeds file given: the halls’ seeds were not kept')
  }
  return 0
}
