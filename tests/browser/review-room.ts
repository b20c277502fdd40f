// What the review suites share: a document with its members and their pages, the article they
// comment on, and selecting words in the treaty the way a mouse would.
import type { Page } from 'playwright-core'
import { beforeAll, expect } from 'vitest'
import type { Role } from '../../editor/model/permissions.js'
import { browserSuite, caretAtEnd, openEditor, personContext, texts, trackedPage, type BrowserSuite } from '../helpers/browser.js'
import { createDocument } from '../helpers/server.js'

const POLL = { timeout: 10_000, interval: 50 }

/** Selects `words` in the treaty of `page` the way a mouse would (a DOM selection inside the text). */
export async function select(page: Page, words: string): Promise<void> {
  await page.locator('.treaty').evaluate((root, w) => {
    // the words may span several text nodes (a highlight splits them)
    const nodes: Text[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text)
    const all = nodes.map((n) => n.data).join('')
    const i = all.indexOf(w)
    if (i < 0) throw new Error(`"${w}" is not in the treaty`)
    const at = (offset: number, end: boolean): [Text, number] => {
      let seen = 0
      for (const n of nodes) {
        if (offset < seen + n.data.length || (end && offset === seen + n.data.length)) return [n, offset - seen]
        seen += n.data.length
      }
      throw new Error('offset outside the text')
    }
    ;(root as HTMLElement).focus()
    const range = document.createRange()
    range.setStart(...at(i, false))
    range.setEnd(...at(i + w.length, true))
    const sel = window.getSelection()!
    sel.removeAllRanges()
    sel.addRange(range)
  }, words)
  // ProseMirror reads the DOM selection on selectionchange
  await expect.poll(() => page.evaluate(() => {
    const { view } = (window as unknown as { pacta: { view: { state: { selection: { empty: boolean } } } } }).pacta
    return view.state.selection.empty
  }), POLL).toBe(false)
}

/** Puts the cursor (no selection) right after `words` in the treaty of `page`. */
export async function caretAfter(page: Page, words: string): Promise<void> {
  await page.locator('.treaty').evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n as Text).data.indexOf(w)
      if (i < 0) continue
      ;(root as HTMLElement).focus()
      const range = document.createRange()
      range.setStart(n, i + w.length)
      range.collapse(true)
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
      return
    }
    throw new Error(`"${w}" is not in one text node of the treaty`)
  }, words)
  await expect.poll(() => page.evaluate((w) => {
    const { view } = (window as unknown as { pacta: { view: { state: { selection: { empty: boolean; from: number }; doc: { textBetween(a: number, b: number): string } } } } }).pacta
    const { selection, doc } = view.state
    return selection.empty && doc.textBetween(Math.max(0, selection.from - w.length), selection.from) === w
  }, words), POLL).toBe(true)
}

/** A review suite's document, its members and their pages. */
export interface ReviewRoom {
  readonly suite: BrowserSuite
  /** The document's id. */
  readonly doc: string
  /** A new page (its own browser context) signed in as member `name`. */
  pageOf(name: string): Promise<Page>
  /** Opens the document in the editor on `page`. */
  open(page: Page): Promise<void>
}

/**
 * Starts a browser suite with a document titled `title` whose members are `members` (user
 * name and role; the display name is the user name capitalised). Call at the top of a file.
 */
export function reviewRoom(title: string, members: ReadonlyArray<readonly [string, Role]>): ReviewRoom {
  const suite = browserSuite()
  let doc = ''
  beforeAll(async () => {
    doc = (await createDocument(suite.server, title)).id
    for (const [name, role] of members) await suite.server.addMember(doc, name, role, name[0]!.toUpperCase() + name.slice(1))
  })
  return {
    suite,
    get doc() { return doc },
    pageOf: async (name) => trackedPage(await personContext(suite.browser, name, '#2ca02c', suite.server), suite.contexts, suite.errors),
    open: (page) => openEditor(page, suite.server.url, doc),
  }
}

/** On a drafter's open page: the article the review suites comment on ("Protection" and its paragraph `text`), saved. */
export async function writeProtectionArticle(page: Page, text = 'The Parties shall protect negotiators at all times and in every place.'): Promise<void> {
  await caretAtEnd(page, '.article > .heading')
  await page.keyboard.type('Protection')
  await page.keyboard.press('Enter')
  await page.keyboard.type(text)
  await expect.poll(() => texts(page, '.status'), POLL).toEqual(['All changes saved'])
}
