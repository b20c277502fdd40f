// Footnotes in Chromium against the real server: a drafter inserts one with Ctrl+Alt+F and types its
// text; a second drafter sees its number and text, and types into the same footnote; a footnote
// inserted before it renumbers both; undo takes typing back; deleting the number deletes the
// footnote; a reviewer reads footnotes but cannot change them.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createDocument } from '../helpers/server.js'
import { browserSuite, caretAtEnd, memberPage, texts } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()

/** The footnote numbers in the text and the footnote list at the page foot (number and text), on `page`. */
const footnotes = async (page: Page) => ({
  markers: await page.locator('.treaty .footnote-marker').allTextContents(),
  list: await page.locator('.footnotes-list li').evaluateAll((items) => items.map((li) =>
    `${li.querySelector('.footnote-number')?.textContent ?? ''} ${li.querySelector('.footnote-body')?.textContent ?? ''}`)),
})

describe('footnotes', () => {
  let amina: Page
  let bruno: Page
  let rita: Page

  beforeAll(async () => {
    const id = (await createDocument(suite.server, 'Footnotes in the browser')).id
    amina = await memberPage(suite, id, 'Amina', 'drafter', '#1f77b4')
    bruno = await memberPage(suite, id, 'Bruno', 'drafter', '#d62728')
    rita = await memberPage(suite, id, 'Rita', 'reviewer', '#2ca02c')
  })

  it('a drafter inserts a footnote and types its text; another page shows its number and text', async () => {
    await caretAtEnd(amina, '.article > .heading')
    await amina.keyboard.type('Scope')
    await caretAtEnd(amina, '.article .paragraph')
    await amina.keyboard.type('The Parties shall meet')
    await amina.keyboard.press('Control+Alt+f')
    await amina.locator('.treaty .footnote-editor .footnote-text').waitFor()
    await amina.keyboard.type('Meetings may be held online.')
    await expect.poll(() => footnotes(bruno), POLL).toEqual({ markers: ['1'], list: ['1 Meetings may be held online.'] })
    // the text of the footnote stays out of the paragraph's own text
    expect(await bruno.locator('.treaty .article .paragraph').first().evaluate((p) => p.firstChild?.textContent)).toBe('The Parties shall meet')
  })

  it('a footnote inserted before it renumbers both, on every page', async () => {
    await amina.keyboard.press('Escape')
    await caretAtEnd(amina, '.article > .heading')
    await amina.locator('.tb-insertFootnote').click()
    await amina.keyboard.type('On the heading.')
    const both = { markers: ['1', '2'], list: ['1 On the heading.', '2 Meetings may be held online.'] }
    await expect.poll(() => footnotes(bruno), POLL).toEqual(both)
    await expect.poll(() => footnotes(amina), POLL).toEqual(both)
    await expect.poll(() => footnotes(rita), POLL).toEqual(both)
  })

  it('a second drafter types into the same footnote while the first does; both pages end with both texts', async () => {
    // Bruno opens footnote 2 from the list and types at its end
    await bruno.locator('.footnotes-list li[data-number="2"] .footnote-number').click()
    await bruno.locator('.treaty .footnote-editor .footnote-text').waitFor()
    await bruno.keyboard.type(' By consent.')
    await expect.poll(() => footnotes(amina), POLL).toMatchObject({ list: ['1 On the heading.', '2 Meetings may be held online. By consent.'] })
    // Amina, in footnote 1's editor still, types too
    await amina.keyboard.type(' Again.')
    const settled = { markers: ['1', '2'], list: ['1 On the heading. Again.', '2 Meetings may be held online. By consent.'] }
    await expect.poll(() => footnotes(bruno), POLL).toEqual(settled)
    await expect.poll(() => footnotes(amina), POLL).toEqual(settled)
    // the editor open on Bruno's page shows what Amina typed meanwhile into the footnote he is in? (his is footnote 2)
    expect(await bruno.locator('.treaty .footnote-editor .footnote-text').textContent()).toBe('Meetings may be held online. By consent.')
  })

  it('Ctrl+Z in a footnote takes back the typing, on every page', async () => {
    // what one Ctrl+Z takes back depends on how fast the keys came (the history groups typing by time)
    await bruno.keyboard.press('Control+z')
    await expect.poll(async () => (await footnotes(amina)).list[1], POLL).not.toBe('2 Meetings may be held online. By consent.')
    const undone = (await footnotes(amina)).list[1]!
    expect('2 Meetings may be held online. By consent.'.startsWith(undone)).toBe(true)
    await bruno.keyboard.press('Control+y')
    await expect.poll(async () => (await footnotes(amina)).list[1], POLL).toBe('2 Meetings may be held online. By consent.')
  })

  it('a reviewer reads a footnote\'s text but cannot change it', async () => {
    await rita.locator('.treaty .footnote-marker').first().click()
    const editor = rita.locator('.treaty .footnote-editor .footnote-text')
    await editor.waitFor()
    expect(await editor.getAttribute('contenteditable')).toBe('false')
    expect(await editor.textContent()).toBe('On the heading. Again.')
    await editor.click()
    await rita.keyboard.type('xyz')
    await rita.keyboard.press('Backspace')
    expect((await footnotes(rita)).list[0]).toBe('1 On the heading. Again.')
  })

  it('deleting a footnote\'s number deletes the footnote, and the others renumber', async () => {
    await bruno.keyboard.press('Escape')
    await amina.keyboard.press('Escape')
    // a click on the number selects the footnote; Backspace deletes it
    await amina.locator('.treaty .footnote-marker').first().click()
    await expect.poll(() => amina.locator('.treaty .footnote.ProseMirror-selectednode').count(), POLL).toBe(1)
    await amina.keyboard.press('Backspace')
    const one = { markers: ['1'], list: ['1 Meetings may be held online. By consent.'] }
    await expect.poll(() => footnotes(bruno), POLL).toEqual(one)
    await expect.poll(() => footnotes(rita), POLL).toEqual(one)
    expect((await texts(amina, '.treaty .article > .heading'))[0]).toBe('Scope')
  })

  it('ran without page errors', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
