// The Chromium the browser suites drive, found or obtained once before any of them starts: the
// globalSetup of the `browser` project in vitest.config.ts, so a run without browser suites never
// looks. In order it takes CHROMIUM_PATH; the distribution's /usr/bin/chromium; Playwright's
// browser cache (the Chromium this playwright-core expects, then any other revision). When none is
// there it downloads Playwright's Chromium, and as root installs the distribution's package, saying
// what it does. Only when no Chromium can be had does it stop the run, with one message naming the
// command that fixes it. The path is handed to the suites as CHROMIUM_PATH (tests/helpers/browser.ts).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, relative } from 'node:path'
import { chromium } from 'playwright-core'

/** The distribution's Chromium (Debian's `chromium` package). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/** The command that gives any machine a Chromium the suites can drive. */
export const FIX = 'npx playwright-core install --with-deps chromium'

/** What finding and obtaining Chromium touches on the machine; the unit tests give a fake one. */
export interface ChromiumHost {
  env: Readonly<Record<string, string | undefined>>
  /** Where Playwright keeps (or would download) the Chromium of the installed playwright-core. */
  playwrightChromium: string
  /** Whether `path` is a browser that runs here (`path --version` succeeds). */
  starts(path: string): boolean
  /** The names in folder `dir`; none when it does not exist. */
  list(dir: string): string[]
  /** Runs a command with its output shown; true when it succeeded. */
  run(command: string, args: readonly string[]): boolean
  /** Whether this process may install the distribution's package: root, with apt-get. */
  canApt: boolean
  say(line: string): void
}

/** No Chromium was found and none could be obtained; the message says what to run. */
export class ChromiumMissing extends Error {
  override name = 'ChromiumMissing'
}

/** Chromium executables that may already be on the machine, in the order they are tried. */
export function chromiumCandidates(host: ChromiumHost): string[] {
  const own = host.playwrightChromium // <cache>/chromium-<revision>/<folder>/chrome
  const cache = dirname(dirname(dirname(own)))
  const tails = [...new Set([relative(dirname(dirname(own)), own), join('chrome-linux', 'chrome')])]
  const revision = (name: string) => Number(name.slice('chromium-'.length))
  const others = host.list(cache)
    .filter((name) => /^chromium-\d+$/.test(name) && name !== basename(dirname(dirname(own))))
    .sort((a, b) => revision(b) - revision(a))
    .flatMap((name) => tails.map((tail) => join(cache, name, tail)))
  return [SYSTEM_CHROMIUM, own, ...others]
}

/**
 * The path of a Chromium that runs here, obtaining one when none is found (see the file comment).
 * Throws ChromiumMissing when none can be had, or when CHROMIUM_PATH names something else.
 */
export function resolveChromium(host: ChromiumHost): string {
  const chosen = host.env.CHROMIUM_PATH
  if (chosen) {
    if (host.starts(chosen)) return chosen
    throw new ChromiumMissing(`CHROMIUM_PATH is "${chosen}", which does not run as a browser ("${chosen} --version" failed). ` +
      `Point it at a Chromium or Chrome executable, or unset it to let the tests find or install one.`)
  }
  const looked = chromiumCandidates(host)
  const found = looked.find((path) => host.starts(path))
  if (found) return found

  host.say(`The browser tests need Chromium and found none (looked at ${looked.join(', ')}).`)
  host.say(`Downloading Playwright's Chromium: npx playwright-core install chromium`)
  if (host.run('npx', ['playwright-core', 'install', 'chromium']) && host.starts(host.playwrightChromium)) return host.playwrightChromium
  if (host.canApt) {
    host.say(`Installing the distribution's Chromium: apt-get update && apt-get install -y chromium`)
    if (host.run('apt-get', ['update']) && host.run('apt-get', ['install', '-y', 'chromium']) && host.starts(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM
  }
  throw new ChromiumMissing(`The browser tests need Chromium, and none was found or could be installed. ` +
    `Run "${FIX}" (it needs root for the system libraries; "apt-get install chromium" does as well on Debian or Ubuntu), ` +
    `or set CHROMIUM_PATH to a Chromium or Chrome executable, then run the tests again.`)
}

/** This machine. */
export function localHost(): ChromiumHost {
  // playwright-core's own command line, as `npx playwright-core` runs it
  const cli = () => join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'cli.js')
  return {
    env: process.env,
    playwrightChromium: chromium.executablePath(),
    starts: (path) => existsSync(path) && spawnSync(path, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0,
    list: (dir) => { try { return readdirSync(dir) } catch { return [] } },
    run: (command, args) => {
      const [file, argv] = command === 'npx' && args[0] === 'playwright-core' ? [process.execPath, [cli(), ...args.slice(1)]] : [command, args]
      return spawnSync(file, argv, { stdio: 'inherit' }).status === 0
    },
    canApt: process.getuid?.() === 0 && existsSync('/usr/bin/apt-get'),
    say: (line) => console.log(line),
  }
}

/** Vitest globalSetup of the browser suites: resolves Chromium once and hands it on as CHROMIUM_PATH. */
export default function setup(): void {
  try {
    process.env.CHROMIUM_PATH = resolveChromium(localHost())
  } catch (e) {
    if (!(e instanceof ChromiumMissing)) throw e
    // the one message, rather than Vitest's report of a run that never started
    console.error(`\n${e.message}\n`)
    process.exit(1)
  }
}
