// The numbers a drafter sees in real Chromium: drawn by the stylesheet before each unit, they must
// read right after typing, indenting with Tab and moving an article, and reach screen readers.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEnd, editorPageSuite, numbers, texts, xrefTexts } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }

const editor = editorPageSuite('Ines', '#9467bd', 'Numbers as shown')
let page: Page
let errors: string[]

beforeAll(async () => {
  ({ page, errors } = editor)
  // three articles "Heading i" of two paragraphs each in place of the new document's empty one,
  // and in the third a reference to the second
  await page.evaluate(`(() => {
    const view = window.pacta.view
    const s = view.state.schema
    const articles = [1, 2, 3].map((i) => s.nodes.article.create({ id: 'a-' + i }, [
      s.nodes.heading.create(null, s.text('Heading ' + i)),
      ...[1, 2].map((j) => s.nodes.paragraph.create({ id: 'p-' + i + '-' + j }, s.text('Paragraph ' + j + ' of article ' + i + '.'))),
    ]))
    let from = -1, to = -1
    view.state.doc.forEach((node, offset) => { if (node.type.name === 'article') { if (from < 0) from = offset; to = offset + node.nodeSize } })
    view.dispatch(view.state.tr.replaceWith(from, to, articles))
    let at = -1
    view.state.doc.descendants((node, pos) => { if (node.attrs.id === 'p-3-1') at = pos + node.nodeSize - 1 })
    view.dispatch(view.state.tr.insert(at, [s.text(' See '), s.nodes.xref.create({ target: 'a-2' })]))
  })()`)
})

/** Each article as shown: its number, then its heading. */
const articles = () => page.locator('.treaty .article').evaluateAll((els) => els.map((el) => {
  const drawn = getComputedStyle(el, '::before').content
  return `${drawn.startsWith('"') ? JSON.parse(drawn) as string : ''} ${el.querySelector('.heading')?.textContent ?? ''}`
}))

describe('unit numbers', () => {
  it('are drawn before every article and numbered paragraph', async () => {
    await expect.poll(() => numbers(page, 'article'), POLL).toEqual(['Article 1', 'Article 2', 'Article 3'])
    expect(await articles()).toEqual(['Article 1 Heading 1', 'Article 2 Heading 2', 'Article 3 Heading 3'])
    expect(await numbers(page, 'paragraph')).toEqual(['1.', '2.', '1.', '2.', '1.', '2.'])
    expect(await texts(page, '.treaty .article:nth-of-type(2) .paragraph')).toEqual(['1.Paragraph 1 of article 2.', '2.Paragraph 2 of article 2.'])
    expect(await xrefTexts(page)).toEqual(['Article 2'])
  })

  it('stay the same while text is typed, and follow a new paragraph and its indenting with Tab', async () => {
    await caretAtEnd(page, '[data-id="p-2-1"]')
    await page.keyboard.type(' More text.')
    await expect.poll(() => texts(page, '.treaty [data-id="p-2-1"]'), POLL).toEqual(['1.Paragraph 1 of article 2. More text.'])
    await page.keyboard.press('Enter')
    await page.keyboard.type('A new paragraph.')
    await expect.poll(() => texts(page, '.treaty .article:nth-of-type(2) .paragraph'), POLL)
      .toEqual(['1.Paragraph 1 of article 2. More text.', '2.A new paragraph.', '3.Paragraph 2 of article 2.'])
    await page.keyboard.press('Tab')
    await expect.poll(() => texts(page, '.treaty .article:nth-of-type(2) .paragraph'), POLL)
      .toEqual(['1.Paragraph 1 of article 2. More text.', '(a)A new paragraph.', '2.Paragraph 2 of article 2.'])
    expect(await numbers(page, 'subparagraph')).toEqual(['(a)'])
    expect(await numbers(page, 'paragraph')).toEqual(['1.', '2.', '1.', '2.', '1.', '2.'])
  })

  it('renumber the articles, and the reference to the one moved, when an article moves up', async () => {
    await caretAtEnd(page, '[data-id="p-2-2"]')
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(articles, POLL).toEqual(['Article 1 Heading 2', 'Article 2 Heading 1', 'Article 3 Heading 3'])
    await expect.poll(() => xrefTexts(page), POLL).toEqual(['Article 1'])
    expect(await texts(page, '.treaty .article:first-of-type .paragraph'))
      .toEqual(['1.Paragraph 1 of article 2. More text.', '(a)A new paragraph.', '2.Paragraph 2 of article 2.'])
  })

  it('are read by screen readers with the unit they number', async () => {
    const snapshot = await page.locator('.treaty .article').first().ariaSnapshot()
    expect(snapshot).toContain('text: Article 1')
    expect(snapshot).toContain('paragraph: (a) A new paragraph.')
    expect(errors).toEqual([])
  })
})
