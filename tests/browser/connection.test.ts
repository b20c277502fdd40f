// The connection in Chromium when the network or the server goes away: the indicator says
// "Offline" within seconds, and a reviewer who did nothing while a drafter edited during a
// server restart is told nothing about refused edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { assertEditorBuilt, caretAtEnd, closeBrowserSuite, DIST, launchBrowser, openEditor, personContext, trackedPage, treatyText } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
const OFFLINE = 'Offline — changes will sync when the connection returns'
/** How soon after the connection drops the indicator must say so. */
const NOTICED_MS = 3000

let server: TestServer
let browser: Browser
let id: string
const contexts: BrowserContext[] = []
const errors: string[][] = []

async function pageOf(name: string): Promise<Page> {
  return trackedPage(await personContext(browser, name, '#1f77b4', server), contexts, errors)
}

/** Milliseconds until the page's indicator says it is offline (or NOTICED_MS × 5 when it never does). */
async function timeToOffline(page: Page, since: number): Promise<number> {
  await page.locator('.status[data-state="offline"]').waitFor({ timeout: NOTICED_MS * 5 }).catch(() => {})
  return Date.now() - since
}

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  browser = await launchBrowser()
  id = (await createDocument(server, 'Connection in the browser')).id
  await server.addMember(id, 'dora', 'drafter', 'Dora')
  await server.addMember(id, 'rita', 'reviewer', 'Rita')
})

afterAll(() => closeBrowserSuite(contexts, browser, server))

describe('a connection that stops answering', () => {
  it('shows "Offline" within seconds, and everything typed meanwhile is saved once the network returns', async () => {
    const dora = await pageOf('dora')
    // every sync socket of the page passes through here; `blocked` silences open ones without
    // closing them, and fails new ones, as a dropped network does
    let blocked = false
    await dora.routeWebSocket(/\/sync\//, (ws) => {
      if (blocked) return void ws.close()
      const upstream = ws.connectToServer()
      ws.onMessage((m) => { if (!blocked) upstream.send(m) })
      upstream.onMessage((m) => { if (!blocked) ws.send(m) })
    })
    await openEditor(dora, server.url, id)
    await caretAtEnd(dora, '.article > .heading')
    await dora.keyboard.type('Before. ')
    await expect.poll(() => dora.locator('.status').textContent(), POLL).toBe('All changes saved')

    blocked = true
    const dropped = Date.now()
    await dora.keyboard.type('During. ')
    expect(await timeToOffline(dora, dropped)).toBeLessThan(NOTICED_MS)
    expect(await dora.locator('.status').textContent()).toBe(OFFLINE)

    blocked = false
    await dora.locator('.status[data-state="connected"]').waitFor({ timeout: 10_000 })
    await expect.poll(() => dora.locator('.status').textContent(), POLL).toBe('All changes saved')
    const rita = await pageOf('rita')
    await openEditor(rita, server.url, id)
    await expect.poll(() => treatyText(rita), POLL).toContain('Before. During. ')
  })
})

describe('a sync connection that takes its time to open', () => {
  it('shows the page\'s header and "Opening the document…" within a moment, then the editor once it opens', async () => {
    const dora = await pageOf('dora')
    let open!: () => void
    const opening = new Promise<void>((resolve) => { open = resolve })
    await dora.routeWebSocket(/\/sync\//, async (ws) => {
      await opening
      const upstream = ws.connectToServer()
      ws.onMessage((m) => upstream.send(m))
      upstream.onMessage((m) => ws.send(m))
    })
    await dora.goto(`${server.url}/d/${encodeURIComponent(id)}`)
    // shown while the connection is still opening: the page does not wait for it for long
    await dora.locator('.app-header').waitFor({ state: 'visible', timeout: 5000 })
    expect(await dora.locator('.page-message').textContent()).toContain('Opening the document')
    expect(await dora.locator('.ProseMirror').count()).toBe(0)
    open()
    await dora.locator('.ProseMirror[contenteditable="true"] .article').first().waitFor()
  })
})

describe('a server restart while a drafter edits', () => {
  it('shows the reviewer "Offline" at once, then the drafter\'s edits, and no refusal', async () => {
    const dora = await pageOf('dora')
    const rita = await pageOf('rita')
    await openEditor(dora, server.url, id)
    await openEditor(rita, server.url, id)
    // a deletion: every Yjs state the pages hold from now on carries it
    await caretAtEnd(dora, '.article:last-of-type .paragraph')
    await dora.keyboard.type('Oops')
    for (let i = 0; i < 4; i++) await dora.keyboard.press('Backspace')
    await expect.poll(() => dora.locator('.status').textContent(), POLL).toBe('All changes saved')

    const port = server.server.port
    const stopped = Date.now()
    await server.stop()
    expect(await timeToOffline(rita, stopped)).toBeLessThan(NOTICED_MS)
    await dora.locator('.status[data-state="offline"]').waitFor()
    await caretAtEnd(dora, '.article:last-of-type .paragraph')
    await dora.keyboard.type('Written while the server was away.')
    await dora.keyboard.press('Enter')
    await dora.keyboard.type('A second paragraph.')

    server = await startTestServer({ staticDir: DIST, port }, server.dataDir)
    for (const page of [dora, rita]) await page.locator('.status[data-state="connected"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => treatyText(rita), POLL).toContain('A second paragraph.')
    await expect.poll(() => dora.locator('.status').textContent(), POLL).toBe('All changes saved')
    // the reviewer wrote nothing: no refusal, now or a moment later
    await new Promise((r) => setTimeout(r, 1500))
    expect(await rita.locator('.banner').count()).toBe(0)
    expect(await rita.locator('.status').getAttribute('data-save')).toBe('saved')
    expect(await rita.locator('.status').textContent()).toBe('All changes saved')
  })

  it('logs no errors in any page', () => {
    // refused connections while the server was away are expected
    expect(errors.flat().filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([])
  })
})
