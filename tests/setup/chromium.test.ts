// Finding the Chromium the browser suites drive, on a made-up machine: which path wins, when it
// downloads or installs one and says so, and the one message a machine without any gets.
import { describe, expect, it } from 'vitest'
import { ChromiumMissing, FIX, SYSTEM_CHROMIUM, resolveChromium, type ChromiumHost } from './chromium.js'

const CACHE = '/home/ada/.cache/ms-playwright'
const OWN = `${CACHE}/chromium-1255/chrome-linux64/chrome`

/** A machine where the executables in `present` run, with what it was asked to do recorded. */
function machine(present: string[], options: { env?: Record<string, string>; cache?: string[]; canApt?: boolean; installs?: Record<string, string> } = {}) {
  const runs: string[] = []
  const said: string[] = []
  const files = new Set(present)
  const host: ChromiumHost = {
    env: options.env ?? {},
    playwrightChromium: OWN,
    starts: (path) => files.has(path),
    list: (dir) => (dir === CACHE ? options.cache ?? [] : []),
    run: (command, args) => {
      const line = [command, ...args].join(' ')
      runs.push(line)
      const installed = options.installs?.[line]
      if (installed) files.add(installed)
      return installed !== undefined || line === 'apt-get update'
    },
    canApt: options.canApt ?? false,
    say: (line) => said.push(line),
  }
  return { host, runs, said }
}

describe('the Chromium for the browser suites', () => {
  it('is CHROMIUM_PATH when it is set and runs, before anything else', () => {
    const { host, runs } = machine(['/opt/chrome/chrome', SYSTEM_CHROMIUM], { env: { CHROMIUM_PATH: '/opt/chrome/chrome' } })
    expect(resolveChromium(host)).toBe('/opt/chrome/chrome')
    expect(runs).toEqual([])
  })

  it('stops, naming CHROMIUM_PATH, when it is set to something that does not run', () => {
    const { host, runs } = machine([SYSTEM_CHROMIUM], { env: { CHROMIUM_PATH: '/opt/nothing' } })
    expect(() => resolveChromium(host)).toThrow(/CHROMIUM_PATH is "\/opt\/nothing"/)
    expect(runs).toEqual([])
  })

  it("is the distribution's /usr/bin/chromium when there is one", () => {
    expect(resolveChromium(machine([SYSTEM_CHROMIUM, OWN]).host)).toBe(SYSTEM_CHROMIUM)
  })

  it("is Playwright's Chromium for this playwright-core, else the newest other one in its cache", () => {
    expect(resolveChromium(machine([OWN], { cache: ['chromium-1255', 'chromium-1100'] }).host)).toBe(OWN)
    const older = machine([`${CACHE}/chromium-1100/chrome-linux/chrome`, `${CACHE}/chromium-1200/chrome-linux64/chrome`],
      { cache: ['chromium_headless_shell-1255', 'chromium-1100', 'chromium-1200', 'ffmpeg-1011'] })
    expect(resolveChromium(older.host)).toBe(`${CACHE}/chromium-1200/chrome-linux64/chrome`)
    expect(older.runs).toEqual([])
  })

  it("downloads Playwright's Chromium when none is there, and says so", () => {
    const { host, runs, said } = machine([], { installs: { 'npx playwright-core install chromium': OWN } })
    expect(resolveChromium(host)).toBe(OWN)
    expect(runs).toEqual(['npx playwright-core install chromium'])
    expect(said.join('\n')).toContain('Downloading Playwright\'s Chromium: npx playwright-core install chromium')
  })

  it("installs the distribution's package as root when the download fails", () => {
    const { host, runs, said } = machine([], { canApt: true, installs: { 'apt-get install -y chromium': SYSTEM_CHROMIUM } })
    expect(resolveChromium(host)).toBe(SYSTEM_CHROMIUM)
    expect(runs).toEqual(['npx playwright-core install chromium', 'apt-get update', 'apt-get install -y chromium'])
    expect(said.join('\n')).toContain('apt-get install -y chromium')
  })

  it('does not try apt-get without root', () => {
    const { host, runs } = machine([], { canApt: false })
    expect(() => resolveChromium(host)).toThrow(ChromiumMissing)
    expect(runs).toEqual(['npx playwright-core install chromium'])
  })

  it('stops with one message naming the command that fixes it when none can be had', () => {
    const { host } = machine([], { canApt: true })
    let message = ''
    try { resolveChromium(host) } catch (e) { message = (e as Error).message }
    expect(message).toContain(`Run "${FIX}"`)
    expect(message).toContain('CHROMIUM_PATH')
  })

  it('takes a downloaded Chromium only when it runs (the system libraries may be missing)', () => {
    const { host } = machine([], { installs: { 'npx playwright-core install chromium': '/elsewhere' } })
    expect(() => resolveChromium(host)).toThrow(ChromiumMissing)
  })
})
