import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.KONTOR_CHROMIUM ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with nothing that phones home (this machine has no internet). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

export interface RunningChromium {
  browser: Browser
  version: string
  stop(): Promise<void>
}

export async function startChromium(): Promise<RunningChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run "apt-get install chromium" (npm test does this when run as root)`,
    )
  }
  const version = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim()
  // playwright gives each launch a fresh temporary profile and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  })
  return {
    browser,
    version,
    stop: async () => {
      await browser.close()
    },
  }
}
