import {
  type AnyDevice,
  type HallDevices,
  resolveTokens,
  startHallDevices,
} from '@qms/firmware-sim'
import type { HallConfig } from '@qms/protocol'

/*
 * Which simulated device plays which part. In each hall the arrivals use one dispenser (the
 * first) and every window's caller; every other device — the other dispensers, window screens,
 * the hall screen's client, booth sensors, evaluators — is simply switched on. Devices named
 * `external` (`hub/c3`) are left alone: a real keypad, a test, a person with the CLI.
 */

export interface HallCast {
  site: string
  /** Every device token of the hall (the sample's demo tokens), checked against the file. */
  tokens: Map<string, string>
  /** Devices the arrivals drive: id → token. */
  traffic: Map<string, string>
  /** The dispenser the arrivals take numbers at (none: no arrivals in this hall). */
  kiosk?: string
  /** Devices switched on and left to themselves (and the booth). */
  ambient: Map<string, string>
}

export function castHall(
  hall: HallConfig,
  options: { external: ReadonlySet<string>; traffic: boolean },
): HallCast {
  const { tokens, issues } = resolveTokens(hall, { kind: 'demo' })
  if (issues.length > 0)
    throw new Error(
      `hall ${hall.id}: ${issues.map((i) => `${i.path} ${i.reason}`).join('; ')} (the sample's demo tokens are expected)`,
    )
  const free = hall.devices.filter((d) => !options.external.has(`${hall.id}/${d.id}`))
  const traffic = new Map<string, string>()
  const kiosk = options.traffic ? free.find((d) => d.kind === 'dispenser') : undefined
  if (kiosk !== undefined)
    for (const d of free)
      if (d === kiosk || d.kind === 'caller') traffic.set(d.id, tokens.get(d.id)!)
  const ambient = new Map<string, string>()
  for (const d of free) if (!traffic.has(d.id)) ambient.set(d.id, tokens.get(d.id)!)
  return {
    site: hall.id,
    tokens,
    traffic,
    ambient,
    ...(kiosk === undefined ? {} : { kiosk: kiosk.id }),
  }
}

/** Switches on a hall's ambient devices against its broker; they reconnect on their own. */
export function startAmbient(hall: HallConfig, cast: HallCast, url: string): HallDevices {
  return startHallDevices({ hall, url, tokens: cast.ambient })
}

export type { AnyDevice, HallDevices }
