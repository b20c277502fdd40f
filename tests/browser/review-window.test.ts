// The comments sidebar with more threads than it builds cards for, in real Chromium: it shows a
// window of them in the order of their text, with a button for the rest; a click on the highlight
// of a thread outside the window moves the window to it.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThread } from '../../editor/model/annotations/index.js'
import { contentOfYDoc } from '../../editor/model/content.js'
import { CONTENT_FRAGMENT } from '../../editor/model/index.js'
import { WINDOW_SIZE } from '../../editor/ui/review-window.js'
import { assertEditorBuilt, closeBrowserSuite, DIST, launchBrowser, openEditor, personContext, trackedPage } from '../helpers/browser.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, waitFor } from '../helpers/ws-client.js'

const POLL = { timeout: 10_000, interval: 50 }
const THREADS = WINDOW_SIZE + 12

let server: TestServer
let browser: Browser
let sample: string
const contexts: BrowserContext[] = []
const errors: string[][] = []

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  const docs = (await (await server.request('/api/documents')).json()) as Array<{ id: string; title: string }>
  sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
  const rita = await server.addMember(sample, 'rita', 'reviewer', 'Rita')
  // THREADS comments, numbered in the order of their text, on three characters every 40 of the text
  const content = connectClient(server.syncUrl, sample)
  const annotations = connectClient(server.syncUrl, `${sample}/annotations`, { cookie: rita.cookie })
  try {
    await Promise.all([content.synced(), annotations.synced()])
    const ranges: Array<{ from: number; to: number }> = []
    contentOfYDoc(content.doc).doc.descendants((node, pos) => {
      if (node.isText) for (let k = 0; k + 3 <= node.text!.length && ranges.length < THREADS; k += 40) ranges.push({ from: pos + k, to: pos + k + 3 })
    })
    if (ranges.length < THREADS) throw new Error(`the sample treaty has only ${ranges.length} text runs to comment on`)
    const ctx = { annotations: annotations.doc, content: content.doc.getXmlFragment(CONTENT_FRAGMENT), actor: { userId: rita.id, role: 'reviewer' as const } }
    ranges.forEach((r, i) => createThread(ctx, { ...r, body: `Comment ${i + 1}` }))
    const room = (await server.server.rooms.peek(sample, 'annotations'))!
    await waitFor(() => room.doc.getMap('threads').size === THREADS, 'the threads to reach the server')
  } finally {
    content.destroy()
    annotations.destroy()
  }
  browser = await launchBrowser()
}, 60_000)

afterAll(() => closeBrowserSuite(contexts, browser, server))

const bodies = (page: Page) => page.locator('.review-list .review-thread > .review-body').allTextContents()

describe('a sidebar with more threads than one window', () => {
  let page: Page

  it('shows the first window of threads in text order, and a button for the rest', async () => {
    page = await trackedPage(await personContext(browser, 'rita', '#2ca02c', server), contexts, errors)
    await openEditor(page, server.url, sample)
    await expect.poll(() => page.locator('.treaty .review-mark').count(), POLL).toBeGreaterThanOrEqual(THREADS)
    await expect.poll(() => bodies(page), POLL).toEqual(Array.from({ length: WINDOW_SIZE }, (_, i) => `Comment ${i + 1}`))
    expect(await page.locator('.review-later').textContent()).toBe(`Show ${THREADS - WINDOW_SIZE} comments after`)
    expect(await page.locator('.review-earlier').isHidden()).toBe(true)
  })

  it('the button shows the threads after the window', async () => {
    await page.locator('.review-later').click()
    await expect.poll(() => bodies(page).then((b) => b.at(-1)), POLL).toBe(`Comment ${THREADS}`)
    expect(await page.locator('.review-later').isHidden()).toBe(true)
    expect(await page.locator('.review-earlier').isVisible()).toBe(true)
  })

  it('a click on the highlight of a thread outside the window brings its card', async () => {
    await page.locator('.review-earlier').click()
    await expect.poll(() => bodies(page).then((b) => b[0]), POLL).toBe('Comment 1')
    await page.locator(`.treaty .review-mark`).nth(THREADS - 1).click()
    await expect.poll(() => page.locator('.review-thread.is-focused > .review-body').textContent(), POLL).toBe(`Comment ${THREADS}`)
  })

  it('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
