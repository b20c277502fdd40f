// One person's editor in real Chromium: undo and redo, the outline, shortcuts help, presence
// name, and a long treaty whose off-screen articles skip rendering yet stay findable and printable.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createDocument, type TestServer } from '../helpers/server.js'
import { caretAtEnd, editorPageSuite, numbers, showPanel, signInContext, texts } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }

const editor = editorPageSuite('Grace', '#2ca02c', 'Editor behaviour')
let server: TestServer
let browser: Browser
let page: Page
let errors: string[]

beforeAll(() => {
  ({ page, errors } = editor)
  ;({ server, browser } = editor.suite)
})

/** Adds `count` articles "Heading i" with two paragraphs each, in one transaction, through the page's editor. */
async function addArticles(count: number) {
  await page.evaluate(`(() => {
    const view = window.pacta.view
    const s = view.state.schema
    const articles = []
    for (let i = 1; i <= ${count}; i++) {
      const paragraphs = [1, 2].map((j) => s.nodes.paragraph.create({ id: 'p-' + i + '-' + j }, s.text('Paragraph ' + j + ' of article ' + i + '.')))
      articles.push(s.nodes.article.create({ id: 'a-' + i }, [s.nodes.heading.create(null, s.text('Heading ' + i)), ...paragraphs]))
    }
    view.dispatch(view.state.tr.insert(view.state.doc.content.size, articles))
  })()`)
}

describe('the editor', () => {
  it('shows hints in empty blocks, and undoes and redoes with Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z', async () => {
    expect(await page.locator('.treaty .article > .heading').getAttribute('data-placeholder')).toBe('Article heading')
    await caretAtEnd(page, '.article > .heading')
    await page.keyboard.type('Objectives')
    await expect.poll(() => texts(page, '.treaty .article > .heading'), POLL).toEqual(['Objectives'])
    await new Promise((r) => setTimeout(r, 600)) // let the undo manager close the typing group
    await page.keyboard.press('Control+Shift+Enter')
    await expect.poll(() => page.locator('.treaty .article').count(), POLL).toBe(2)
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator('.treaty .article').count(), POLL).toBe(1)
    await page.keyboard.press('Control+y')
    await expect.poll(() => page.locator('.treaty .article').count(), POLL).toBe(2)
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => page.locator('.treaty .article').count(), POLL).toBe(2)
    expect(await texts(page, '.treaty .article > .heading')).toEqual(['Objectives', ''])
  })

  it('lists the shortcuts in the help popover and shows them in the toolbar titles', async () => {
    await page.locator('.tb-help').click()
    const help = page.locator('.help-popover')
    await help.waitFor()
    expect(await help.textContent()).toContain('Add an article after this one')
    expect(await page.locator('.tb-addArticle').getAttribute('title')).toBe('Add an article (Ctrl+Shift+Enter)')
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })
  })

  it('indents with Tab and outdents with Shift+Tab, keeping the text where it is and renumbering', async () => {
    await caretAtEnd(page, '.article:first-of-type .paragraph')
    await page.keyboard.type('The Parties agree:')
    await page.keyboard.press('Enter')
    await page.keyboard.type('to negotiate;')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.keyboard.type('to report.')
    await expect.poll(() => numbers(page, 'subparagraph'), POLL).toEqual(['(a)', '(b)'])
    expect(await page.locator('.treaty .article:first-of-type .paragraph.level-1').count()).toBe(2)
    await page.keyboard.press('Shift+Tab')
    await expect.poll(() => numbers(page, 'subparagraph'), POLL).toEqual(['(a)'])
    await expect.poll(() => numbers(page, 'paragraph'), POLL).toEqual(['1.', '2.'])
    expect(await texts(page, '.treaty .article:first-of-type .paragraph')).toEqual(['1.The Parties agree:', '(a)to negotiate;', '2.to report.'])
  })

  it('does not ask a signed-in visitor for a name: others see the name of their account', async () => {
    const fresh = await browser.newContext()
    try {
      const id = (await createDocument(server, 'First visit')).id
      await server.addMember(id, 'hana', 'drafter', 'Hana Ito')
      await signInContext(fresh, server, 'hana')
      const first = await fresh.newPage()
      await first.goto(`${server.url}/d/${id}`)
      await first.locator('.ProseMirror.treaty').waitFor()
      await expect.poll(() => first.locator('.presence-name').textContent(), POLL).toBe('Hana Ito')
      expect(await first.locator('dialog.name-dialog').count()).toBe(0)
      expect(await first.locator('.account-bar .who').textContent()).toBe('Hana Ito')
    } finally {
      await fresh.close()
    }
  })

  it('keeps a long treaty\'s off-screen articles unrendered, yet findable, printable and reachable from the outline', async () => {
    await addArticles(120)
    const last = page.locator('.treaty .article').last()
    // content-visibility skips an element's contents, so ask about something inside the article
    const inside = last.locator('.paragraph').last()
    await expect.poll(() => page.locator('.outline-article').count(), POLL).toBe(122)
    expect(await last.evaluate((el) => getComputedStyle(el).contentVisibility)).toBe('auto')
    // far below the screen the browser skips the article's rendering …
    await expect.poll(() => inside.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true })), POLL).toBe(false)
    // … but find-in-page still reaches its text
    expect(await page.evaluate(`window.getSelection().removeAllRanges(), window.find('Paragraph 2 of article 120')`)).toBe(true)
    // printing lays every article out
    await page.emulateMedia({ media: 'print' })
    expect(await inside.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }))).toBe(true)
    expect(await last.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(50)
    await page.emulateMedia({ media: 'screen' })
    // the outline jumps there, and the cursor follows
    await showPanel(page, 'outline')
    await page.locator('.outline-article').last().locator('button').click()
    await expect.poll(() => inside.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true })), POLL).toBe(true)
    expect(await page.evaluate(`window.pacta.view.state.selection.$from.parent.textContent`)).toBe('Heading 120')
    await expect.poll(() => page.locator('.outline-article.current .outline-number').textContent(), POLL).toBe('Article 122')
  })

  it('goes to a reference\'s target on Ctrl-click, and fills a parameter from a click on it', async () => {
    await caretAtEnd(page, '.article:first-of-type .paragraph')
    await page.keyboard.type('See ')
    await page.keyboard.press('Control+k')
    await page.locator('dialog .dialog-filter').fill('Article 122')
    await page.keyboard.press('Enter')
    await expect.poll(() => texts(page, '.treaty .xref'), POLL).toEqual(['Article 122'])
    await page.keyboard.type(' for ')
    await page.keyboard.press('Control+Shift+k')
    await page.locator('dialog input[name="name"]').fill('party_a')
    await page.keyboard.press('Enter')
    await expect.poll(() => texts(page, '.treaty .parameter'), POLL).toEqual(['[party_a]'])

    await page.locator('.treaty .parameter').click()
    const field = page.locator('.parameters-list input[data-parameter="party_a"]')
    await expect.poll(() => field.evaluate((el) => el === document.activeElement), POLL).toBe(true)
    await field.fill('the Republic of Arcadia')
    await field.press('Enter')
    await expect.poll(() => texts(page, '.treaty .parameter'), POLL).toEqual(['the Republic of Arcadia'])

    await page.locator('.treaty .xref').click({ modifiers: ['Control'] })
    await expect.poll(() => page.evaluate(`window.pacta.view.state.selection.$from.node(1)?.attrs.id`), POLL).toBe('a-120')
  })

  it('logs no errors', () => {
    expect(errors).toEqual([])
  })
})
