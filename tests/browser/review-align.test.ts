// Thread cards beside their text, in real Chromium: each card sits at the top of its text (or just
// below the card before it), follows the text when paragraphs are typed above it, is built only
// when its text comes near the visible part, and a focused card is pinned beside its text.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThread, getThread, replyTo } from '../../editor/model/annotations/index.js'
import { article, doc, heading, paragraph, title } from '../../editor/model/build.js'
import { CONTENT_FRAGMENT } from '../../editor/model/index.js'
import { CARD_GAP } from '../../editor/ui/review-align.js'
import { assertEditorBuilt, caretAtEnd, closeBrowserSuite, DIST, launchBrowser, openEditor, personContext, trackedPage } from '../helpers/browser.js'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, editTreaty, treatyOf, waitFor } from '../helpers/ws-client.js'

const POLL = { timeout: 10_000, interval: 50 }
/** How far a card may sit from its text's top, in px (rounding of offsets and line boxes). */
const NEAR = 3
const PARAGRAPHS = 60
const FILLER = 'The Parties shall cooperate in good faith on every matter this Article covers, and report on it each year. '

let server: TestServer
let browser: Browser
let docId: string
const contexts: BrowserContext[] = []
const errors: string[][] = []
/** The threads, by the words they were made on. */
const ids: Record<string, string> = {}

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  docId = (await createDocument(server, 'Aligned review')).id
  await server.addMember(docId, 'dora', 'drafter', 'Dora')
  const rita = await server.addMember(docId, 'rita', 'reviewer', 'Rita')
  const content = connectClient(server.syncUrl, docId)
  const annotations = connectClient(server.syncUrl, `${docId}/annotations`, { cookie: rita.cookie })
  try {
    await Promise.all([content.synced(), annotations.synced()])
    // one long article: threads near its start and near its end are screens apart
    const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => paragraph({ id: `p${i + 1}` },
      i === 2 ? `Alpha words open this one. ${FILLER}Beta words follow them. ${FILLER}`
        : i === PARAGRAPHS - 4 ? `Omega words open this one. Delta words follow them. ${FILLER}${FILLER}`
          : `${FILLER}${FILLER}`))
    editTreaty(content.doc, () => doc(title('Aligned review'), article({ id: 'art-1' }, heading('Cooperation'), ...paragraphs.flat())))
    const treaty = treatyOf(content.doc)
    const rangeOf = (words: string): { from: number; to: number } => {
      const found: Array<{ from: number; to: number }> = []
      treaty.descendants((node, pos) => {
        const i = node.isText ? node.text!.indexOf(words) : -1
        if (i >= 0) found.push({ from: pos + i, to: pos + i + words.length })
      })
      if (!found[0]) throw new Error(`"${words}" is not in the treaty`)
      return found[0]
    }
    const ctx = { annotations: annotations.doc, content: content.doc.getXmlFragment(CONTENT_FRAGMENT), actor: { userId: rita.id, role: 'reviewer' as const } }
    for (const words of ['Alpha words', 'Beta words', 'Omega words', 'Delta words']) ids[words] = createThread(ctx, { ...rangeOf(words), body: `On ${words}` }).id
    for (const n of [1, 2, 3]) replyTo(ctx, ids['Omega words']!, `Reply ${n} on Omega.`, [])
    const room = (await server.server.rooms.peek(docId, 'annotations'))!
    await waitFor(() => room.doc.getMap('threads').size === 4 && Object.keys(getThread(room.doc, ids['Omega words']!)?.replies ?? {}).length === 3,
      'the threads and replies to reach the server')
  } finally {
    content.destroy()
    annotations.destroy()
  }
  browser = await launchBrowser()
}, 60_000)

afterAll(() => closeBrowserSuite(contexts, browser, server))

/** Where a thread's card and its text are on the page (viewport px), or null for a card not built. */
async function placeOf(page: Page, id: string): Promise<{ card: number; cardBottom: number; text: number } | null> {
  return page.evaluate((thread) => {
    const card = document.querySelector<HTMLElement>(`.review-margin .review-thread[data-thread="${thread}"]`)
    const mark = document.querySelector<HTMLElement>(`.treaty .review-mark[data-thread="${thread}"]`)
    if (!card || !mark) return null
    const box = card.getBoundingClientRect()
    return { card: box.top, cardBottom: box.bottom, text: mark.getClientRects()[0]!.top }
  }, id)
}

/** How far a thread's card is from its text's top (null: no card). */
const offsetOf = async (page: Page, id: string) => {
  const p = await placeOf(page, id)
  return p ? Math.round(p.card - p.text) : null
}

describe('thread cards beside their text', () => {
  let page: Page

  it('a card sits at the top of its text; the next card, whose text is on the same lines, just below it', async () => {
    page = await trackedPage(await personContext(browser, 'dora', '#1f77b4', server), contexts, errors)
    await openEditor(page, server.url, docId)
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
    const alpha = (await placeOf(page, ids['Alpha words']!))!
    const beta = (await placeOf(page, ids['Beta words']!))!
    // Beta's text starts within Alpha's card's height: pushed down just below it
    expect(beta.text).toBeLessThan(alpha.cardBottom)
    expect(Math.abs(beta.card - (alpha.cardBottom + CARD_GAP))).toBeLessThanOrEqual(NEAR)
    // the cards are in the page's scrolling element, beside the page
    expect(await page.locator('.page-scroll > .review-margin').count()).toBe(1)
  })

  it('a card whose text is far below the visible part is not built until the text comes near', async () => {
    expect(await placeOf(page, ids['Omega words']!)).toBeNull()
    expect(await page.locator('.review-margin .review-thread').count()).toBe(2)
    await page.locator(`.treaty .review-mark[data-thread="${ids['Omega words']}"]`).scrollIntoViewIfNeeded()
    await expect.poll(() => offsetOf(page, ids['Omega words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
    // and the cards that scrolled far away are dropped
    await expect.poll(() => page.locator(`.review-margin .review-thread[data-thread="${ids['Alpha words']}"]`).count(), POLL).toBe(0)
  })

  it('opening a long thread\'s earlier replies pushes the card after it down', async () => {
    const omega = page.locator(`.review-margin .review-thread[data-thread="${ids['Omega words']}"]`)
    // (the replies were written within a millisecond: which two are the last is not asked here)
    await expect.poll(() => omega.locator('.review-reply').count(), POLL).toBe(2)
    expect(await omega.locator('.review-replies-toggle').textContent()).toBe('Show 1 earlier reply')
    await expect.poll(async () => { const o = await placeOf(page, ids['Omega words']!); const d = await placeOf(page, ids['Delta words']!); return d && o ? Math.round(d.card - o.cardBottom) : null }, POLL).toBe(CARD_GAP)
    const before = (await placeOf(page, ids['Delta words']!))!
    await omega.locator('.review-replies-toggle').click()
    await expect.poll(() => page.locator(`.review-margin .review-thread[data-thread="${ids['Omega words']}"] .review-reply`).count(), POLL).toBe(3)
    await expect.poll(async () => (await placeOf(page, ids['Delta words']!))!.card, POLL).toBeGreaterThan(before.card + 10)
    const o = (await placeOf(page, ids['Omega words']!))!
    const d = (await placeOf(page, ids['Delta words']!))!
    expect(Math.abs(d.card - (o.cardBottom + CARD_GAP))).toBeLessThanOrEqual(NEAR)
  })

  it('typing new paragraphs above a thread moves its card down with its text', async () => {
    await page.locator('.page-scroll').evaluate((el) => { el.scrollTop = 0 })
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
    const before = (await placeOf(page, ids['Alpha words']!))!
    // the caret at the end of the first paragraph, then three new paragraphs
    await caretAtEnd(page, '.article > p.paragraph')
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Enter')
      await page.keyboard.type(`New paragraph ${i + 1}.`)
    }
    await expect.poll(async () => (await placeOf(page, ids['Alpha words']!))!.text, POLL).toBeGreaterThan(before.text + 40)
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
  })

  it('typing before a thread in its own paragraph, until its words wrap to a later line, keeps its card beside them', async () => {
    const before = (await placeOf(page, ids['Alpha words']!))!
    await page.locator('.treaty p.paragraph', { hasText: 'Alpha words' }).evaluate((p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
      const first = walker.nextNode()!
      const range = document.createRange()
      range.setStart(first, 0)
      range.collapse(true)
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
    })
    await page.locator('.treaty').focus()
    await page.keyboard.type('In the light of the report of the meeting of the Parties held at the end of the year, ')
    await expect.poll(async () => (await placeOf(page, ids['Alpha words']!))!.text, POLL).toBeGreaterThan(before.text + 10)
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
  })

  it('clicking the second card pins it beside its text and moves the first out of its way', async () => {
    await page.locator(`.review-margin .review-thread[data-thread="${ids['Beta words']}"] .review-quote`).click()
    await expect.poll(() => page.locator('.review-margin .review-thread.is-focused').getAttribute('data-thread'), POLL).toBe(ids['Beta words'])
    await expect.poll(() => offsetOf(page, ids['Beta words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
    const alpha = (await placeOf(page, ids['Alpha words']!))!
    const beta = (await placeOf(page, ids['Beta words']!))!
    expect(alpha.cardBottom + CARD_GAP).toBeLessThanOrEqual(beta.card + NEAR)
    // its text is selected
    expect(await page.evaluate(() => {
      const { view } = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta
      return view.state.doc.textBetween(view.state.selection.from, view.state.selection.to)
    })).toBe('Beta words')
  })

  it('clicking the first thread\'s highlight focuses its card, pinned beside its text', async () => {
    await page.locator(`.treaty .review-mark[data-thread="${ids['Alpha words']}"]`).click()
    await expect.poll(() => page.locator('.review-margin .review-thread.is-focused').getAttribute('data-thread'), POLL).toBe(ids['Alpha words'])
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
  })

  it('a narrower window moves the cards with their text', async () => {
    await page.setViewportSize({ width: 1000, height: 700 })
    await expect.poll(() => offsetOf(page, ids['Alpha words']!), POLL).toSatisfy((d: number | null) => d !== null && Math.abs(d) <= NEAR)
  })

  it('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
