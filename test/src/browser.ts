import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import type { Teardown } from './teardown.js'

/** Debian's Chromium, or $QMS_CHROMIUM. Nothing downloads a browser. */
export function chromiumPath(): string {
  return process.env.QMS_CHROMIUM ?? '/usr/bin/chromium'
}

export function hasChromium(): boolean {
  return existsSync(chromiumPath())
}

/**
 * Flags for a headless Chromium on a closed network: without the background-networking ones it
 * keeps trying to reach services it cannot. Autoplay is allowed, as on the hall screens' PCs.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
]

/** A real headless Chromium, closed when the test ends. */
export async function launchBrowser(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
  })
  t.teardown(() => browser.close())
  return browser
}
