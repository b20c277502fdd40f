// Presence colours in Chromium: three people, two of whom prefer the same colour, each see every
// person (themselves included) in one colour, the same on every page, and no two people alike.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createDocument } from '../helpers/server.js'
import { browserSuite, openEditor, personContext, trackedPage } from '../helpers/browser.js'
import { assignColours, preferredColour } from '../../editor/model/presence-colours.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()
/** Display name → account id of the three people. */
const ids = new Map<string, string>()
const pages = new Map<string, Page>()

/** `#rrggbb` as the browser computes it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

/** Name → colour of everyone in the page's presence list, the page's own person included. */
function presenceColours(page: Page): Promise<Record<string, string>> {
  return page.locator('.presence-list').evaluate((list) => Object.fromEntries([...list.querySelectorAll('li')].map((li) => [
    li.querySelector('.presence-name, .presence-other')?.textContent ?? '',
    getComputedStyle(li.querySelector('.dot')!).backgroundColor,
  ])))
}

/** Name → colour of every remote cursor drawn in the page's text. */
function cursorColours(page: Page): Promise<Record<string, string>> {
  return page.locator('.treaty').evaluate((root) => Object.fromEntries([...root.querySelectorAll<HTMLElement>('.ProseMirror-yjs-cursor')].map((c) => [
    c.textContent!.replace(/\u2060/g, ''), getComputedStyle(c).borderLeftColor,
  ])))
}

beforeAll(async () => {
  const { server } = suite
  const id = (await createDocument(server, 'Presence colours')).id
  // two people with different colours, then a third whose colour, alone, would be one of theirs
  // (accounts are made until such people are found: ids are the server's)
  for (let i = 1; ids.size < 3 && i < 60; i++) {
    const user = await server.addUser(`person${i}`, { displayName: `Person${i}` })
    const taken = new Set([...ids.values()].map(preferredColour))
    if (taken.has(preferredColour(user.id)) !== (ids.size === 2)) continue
    await server.addMember(id, user.username, 'drafter')
    ids.set(`Person${i}`, user.id)
  }
  for (const name of ids.keys()) {
    const page = await trackedPage(await personContext(suite.browser, name, '#1f77b4', suite.server), suite.contexts, suite.errors)
    pages.set(name, page)
    await openEditor(page, server.url, id)
    await page.locator('.treaty .article > .heading').click()
  }
}, 120_000)

describe('presence colours', () => {
  it('give each person one colour, the same on every page, their own included, and distinct', async () => {
    expect(ids.size).toBe(3)
    const assigned = assignColours(ids.values())
    const expected = Object.fromEntries([...ids].map(([name, id]) => [name, rgb(assigned.get(id)!)]))
    expect(new Set(Object.values(expected)).size).toBe(3)
    for (const [name, page] of pages) {
      await expect.poll(() => presenceColours(page), POLL).toEqual(expected)
      const others = Object.fromEntries(Object.entries(expected).filter(([n]) => n !== name))
      await expect.poll(() => cursorColours(page), POLL).toEqual(others)
    }
  })

  it('give the person moved off their colour by the clash their own back when the other leaves, on the drawn cursor too', async () => {
    const before = assignColours(ids.values())
    // of the two who prefer the same colour, the one first by id kept it; that one leaves
    const clashing = [...ids].filter(([, id]) => before.get(id) !== preferredColour(id)).map(([name]) => name)
    expect(clashing).toHaveLength(1)
    const moved = clashing[0]!
    const keeper = [...ids].find(([name, id]) => name !== moved && preferredColour(id) === preferredColour(ids.get(moved)!))![0]
    await pages.get(keeper)!.close()
    const stay = [...ids.keys()].filter((n) => n !== keeper)
    const expected = Object.fromEntries(stay.map((name) => [name, rgb(preferredColour(ids.get(name)!))]))
    expect(expected[moved]).not.toBe(rgb(before.get(ids.get(moved)!)!))
    for (const name of stay) {
      const page = pages.get(name)!
      await expect.poll(() => presenceColours(page), POLL).toEqual(expected)
      const others = Object.fromEntries(Object.entries(expected).filter(([n]) => n !== name))
      await expect.poll(() => cursorColours(page), POLL).toEqual(others)
    }
  })

  it('logs no errors in any page', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
