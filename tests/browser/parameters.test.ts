// Parameters in Chromium: date fields read and show dates as the treaty writes them, the
// Parameters tab counts required ones without a value, the fields are read-only for people who
// may not change the text, and typing after a clicked parameter keeps it.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createDocument } from '../helpers/server.js'
import { browserSuite, caretAtEnd, openEditor, personContext, texts, trackedPage, showPanel } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()
let id: string
let dora: Page
let rita: Page
let otto: Page

/** `name`'s page, signed in to the suite's server with an account of that name. */
async function pageOf(name: string): Promise<Page> {
  return trackedPage(await personContext(suite.browser, name, '#1f77b4', suite.server), suite.contexts, suite.errors)
}

/** The document's parameter values as the page's shared document holds them. */
const values = (page: Page) => page.evaluate(`Object.fromEntries(window.pacta.ydoc.getMap('parameters').entries())`) as Promise<Record<string, string>>

/** Selects the first parameter `name` in the page's text as a node, the focus in the text. */
async function selectParameter(page: Page, name: string): Promise<void> {
  await page.evaluate((n) => {
    type Sel = { fromJSON(doc: unknown, json: unknown): unknown }
    const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
    let at = -1
    view.state.doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'parameter' && node.attrs.name === n) at = pos; return at < 0 })
    // Selection.fromJSON builds the NodeSelection the page's own ProseMirror defines
    const Selection = Object.getPrototypeOf(view.state.selection.constructor) as Sel
    view.focus()
    view.dispatch(view.state.tr.setSelection(Selection.fromJSON(view.state.doc, { type: 'node', anchor: at }) as never))
  }, name)
  expect(await page.evaluate(`window.pacta.view.state.selection.node?.attrs.name`)).toBe(name)
}

beforeAll(async () => {
  const { server } = suite
  id = (await createDocument(server, 'Parameters in the browser')).id
  await server.addMember(id, 'dora', 'drafter', 'Dora')
  await server.addMember(id, 'rita', 'reviewer', 'Rita')
  await server.addMember(id, 'otto', 'observer', 'Otto')
  ;[dora, rita, otto] = [await pageOf('dora'), await pageOf('rita'), await pageOf('otto')]
  for (const page of [dora, rita, otto]) await openEditor(page, server.url, id)
})

describe('date parameters', () => {
  it('are typed and shown as the treaty prints them, in the clause form and the parameters panel', async () => {
    await caretAtEnd(dora, '.article > .heading')
    await dora.keyboard.type('Ceasefire')
    await dora.locator('.tb-library').click()
    await dora.locator('.lp-search').fill('temporary ceasefire')
    await expect.poll(() => dora.locator('.lp-result').first().getAttribute('data-clause'), POLL).toBe('temporary-ceasefire')
    await dora.locator('.lp-result').first().click()
    const form = dora.locator('.lp-form [data-parameter="ceasefire_start"]')
    expect(await form.getAttribute('type')).toBe('text')
    expect(await form.getAttribute('placeholder')).toBe('e.g. 1 March 2027')
    await form.fill('1 March 2027')
    await expect.poll(() => dora.locator('.lp-preview [data-name="ceasefire_start"]').first().textContent(), POLL).toBe('1 March 2027')
    await dora.locator('.lp-insert').click()
    await expect.poll(() => dora.locator('.lp-status').textContent(), POLL).toContain('Inserted')
    await showPanel(dora, 'parameters')

    const field = dora.locator('.parameters [data-parameter="ceasefire_start"]')
    expect(await field.getAttribute('type')).toBe('text')
    await expect.poll(() => field.inputValue(), POLL).toBe('1 March 2027')
    expect(await values(dora)).toMatchObject({ ceasefire_start: '2027-03-01' })

    // another common form is read, kept as YYYY-MM-DD, and shown in the treaty's form
    await field.fill('March 15, 2027')
    await field.press('Enter')
    await expect.poll(() => rita.locator('.treaty .parameter[data-name="ceasefire_start"]').first().textContent(), POLL).toBe('15 March 2027')
    await expect.poll(() => field.inputValue(), POLL).toBe('15 March 2027')
    expect(await values(dora)).toMatchObject({ ceasefire_start: '2027-03-15' })
  })

  it('refuse a date that does not exist with a message, and keep the value', async () => {
    const field = dora.locator('.parameters [data-parameter="ceasefire_start"]')
    await field.fill('31/02/2027')
    await field.press('Enter')
    await expect.poll(() => dora.locator('.parameters dd:has([data-parameter="ceasefire_start"]) .param-error').textContent(), POLL).toBe('February 2027 has no day 31')
    expect(await values(dora)).toMatchObject({ ceasefire_start: '2027-03-15' })
  })
})

describe('the Parameters tab', () => {
  it('counts the required parameters without a value beside its label', async () => {
    const badge = dora.locator('.sidebar-tab[data-panel="parameters"] .sidebar-tab-badge')
    expect(await badge.isHidden()).toBe(true)
    const field = dora.locator('.parameters [data-parameter="ceasefire_area"]')
    const area = await field.inputValue()
    await field.fill('')
    await field.press('Enter')
    await expect.poll(() => badge.textContent(), POLL).toBe('1')
    expect(await badge.isVisible()).toBe(true)
    expect(await badge.getAttribute('title')).toBe('1 required parameter without a value')
    await field.fill(area)
    await field.press('Enter')
    await expect.poll(() => badge.isHidden(), POLL).toBe(true)
  })
})

describe('people who may not change the text', () => {
  it('see the parameter fields read-only, and nothing they do there reaches the document', async () => {
    for (const page of [rita, otto]) {
      const field = page.locator('.parameters [data-parameter="ceasefire_duration"]')
      await expect.poll(() => field.inputValue(), POLL).toBe('ninety days')
      expect(await field.isDisabled()).toBe(true)
      // even a change event forced on the field writes nothing
      await field.evaluate((el: HTMLInputElement) => { el.value = 'forever'; el.dispatchEvent(new Event('change')) })
      expect((await values(page)).ceasefire_duration).toBe('ninety days')
      expect(await page.locator('.status').getAttribute('data-save')).toBe('saved')
      expect(await page.locator('.banner').count()).toBe(0)
    }
    expect(await dora.locator('.parameters [data-parameter="ceasefire_duration"]').isDisabled()).toBe(false)
    expect((await values(dora)).ceasefire_duration).toBe('ninety days')
  })
})

describe('a parameter in the text', () => {
  /** The text of the paragraph holding parameter `name`, parameters written {name}. */
  const paragraphOf = (name: string) => dora.locator(`.treaty .paragraph:has(.parameter[data-name="${name}"])`).first().evaluate((p) =>
    [...p.childNodes].map((n) => n instanceof HTMLElement && n.classList.contains('parameter') ? `{${n.dataset.name}}` : n.textContent).join(''))

  beforeAll(async () => {
    // an article of its own: "Between {party_a} and {party_b}"
    await caretAtEnd(dora, '.article:last-of-type .paragraph:last-of-type')
    await dora.keyboard.press('Control+Shift+Enter')
    await dora.keyboard.type('Parties')
    await dora.keyboard.press('Enter')
    await dora.keyboard.type('Between ')
    for (const [name, value, after] of [['party_a', 'Arcadia', ' and '], ['party_b', 'Borduria', '']] as const) {
      await dora.keyboard.press('Control+Shift+k')
      await dora.locator('dialog input[name="name"]').fill(name)
      await dora.locator('dialog input[name="value"]').fill(value)
      await dora.keyboard.press('Enter')
      await dora.locator(`.treaty .parameter[data-name="${name}"]`).waitFor()
      if (after) await dora.keyboard.type(after)
    }
    expect(await paragraphOf('party_a')).toBe('Between {party_a} and {party_b}')
  })

  it('survives a click on it, End, Enter and typing: the typing follows it', async () => {
    // the click selects the parameter and opens its field; End and Enter there bring the cursor back after it
    await dora.locator('.treaty .parameter[data-name="party_a"]').click()
    await dora.keyboard.press('End')
    await dora.keyboard.press('Enter')
    await dora.keyboard.type('Typed after.')
    await expect.poll(() => paragraphOf('party_a'), POLL).toBe('Between {party_a}Typed after. and {party_b}')
    expect((await values(dora)).party_a).toBe('Arcadia')
  })

  it('survives typing while it is selected in the text', async () => {
    await selectParameter(dora, 'party_b')
    await dora.keyboard.type('X')
    await expect.poll(() => paragraphOf('party_b'), POLL).toBe('Between {party_a}Typed after. and {party_b}X')
  })

  it('survives End, Enter and typing while it is selected in the text', async () => {
    const paragraphs = await dora.locator('.treaty .paragraph').count()
    await selectParameter(dora, 'party_b')
    // where the editor's cursor is once the key's own handlers have run, before any later event:
    // a key pressed right after End finds it there, not beside the parameter
    await dora.evaluate(() => {
      const w = window as unknown as { pacta: { view: import('prosemirror-view').EditorView }, afterEnd?: boolean }
      window.addEventListener('keydown', () => {
        const { $head } = w.pacta.view.state.selection
        w.afterEnd = $head.parentOffset === $head.parent.content.size
      }, { once: true })
    })
    await dora.keyboard.press('End')
    expect(await dora.evaluate('window.afterEnd')).toBe(true)
    await dora.keyboard.press('Enter')
    await dora.keyboard.type('New paragraph.')
    await expect.poll(() => dora.locator('.treaty .paragraph').count(), POLL).toBe(paragraphs + 1)
    expect(await paragraphOf('party_b')).toBe('Between {party_a}Typed after. and {party_b}X')
    const next = dora.locator('.treaty .paragraph:has(.parameter[data-name="party_b"]) + .paragraph')
    expect(await next.textContent()).toBe('New paragraph.')
  })

  it('logs no errors in any page', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
