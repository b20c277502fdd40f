// The editor's sidebar in Chromium: one tab shown at a time, moved through with the arrow keys and
// remembered by the browser; a click on a parameter, and "Next unfilled parameter", open its
// field in the Parameters tab; a signed-in person's name in People is their account's, as text.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { editorPageSuite, showPanel, waitConnected } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = editorPageSuite('Ada', '#1f77b4', 'Sidebar tabs')
const page = () => suite.page

/** The id of the sidebar tab shown, as the tab list says (aria-selected). */
const selectedTab = (p: Page) => p.locator('.sidebar-tab[aria-selected="true"]').getAttribute('data-panel')
/** The id of the tab that has the keyboard focus, or null when the focus is elsewhere. */
const focusedTab = (p: Page) => p.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.sidebar-tab')?.getAttribute('data-panel') ?? null)
/** The ids of the tab panels the page shows. */
const visiblePanels = (p: Page) => p.locator('.sidebar-panel').evaluateAll((els) => els.filter((el) => el.checkVisibility()).map((el) => el.getAttribute('data-panel')))
/** The name of the parameter selected in the text (as a node), or null. */
const selectedParameter = (p: Page) => p.evaluate(`window.pacta.view.state.selection.node?.attrs.name ?? null`) as Promise<string | null>
/** The `data-parameter` of the focused element, or null. */
const focusedField = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-parameter') ?? null)

/** Puts the cursor at the start of the first paragraph's text, the focus in the text. */
async function cursorAtStart(p: Page): Promise<void> {
  await p.evaluate(() => {
    type Sel = { fromJSON(doc: unknown, json: unknown): unknown }
    const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
    let at = -1
    view.state.doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'paragraph') at = pos + 1; return at < 0 })
    // Selection.fromJSON builds the TextSelection the page's own ProseMirror defines
    const Selection = Object.getPrototypeOf(view.state.selection.constructor) as Sel
    view.focus()
    view.dispatch(view.state.tr.setSelection(Selection.fromJSON(view.state.doc, { type: 'text', anchor: at, head: at }) as never))
  })
}

beforeAll(async () => {
  // one paragraph with three parameters, the first of them filled
  await page().evaluate(() => {
    const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
    const { schema } = view.state
    let at = -1
    view.state.doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'paragraph') at = pos + 1; return at < 0 })
    const param = (name: string) => schema.nodes.parameter!.create({ name })
    view.dispatch(view.state.tr.insert(at, [schema.text('Between '), param('party_a'), schema.text(' and '), param('party_b'), schema.text(', from '), param('start_date'), schema.text('.')]))
  })
  await page().evaluate(`window.pacta.ydoc.getMap('parameters').set('party_a', 'the Republic of Arcadia')`)
  await page().locator('.treaty .parameter-blank').nth(1).waitFor()
})

describe('the sidebar tabs', () => {
  it('show one panel at a time, Outline first, and move with the arrow keys, Home and End', async () => {
    const p = page()
    expect(await p.locator('.sidebar [role="tablist"] [role="tab"]').evaluateAll((els) => els.filter((el) => el.checkVisibility()).map((el) => el.getAttribute('data-panel'))))
      .toEqual(['outline', 'parameters', 'library', 'check', 'people', 'audit'])
    expect(await selectedTab(p)).toBe('outline')
    expect(await visiblePanels(p)).toEqual(['outline'])
    // the panel is labelled by its tab
    expect(await p.locator('#sidebar-panel-outline').getAttribute('aria-labelledby')).toBe('sidebar-tab-outline')

    await p.locator('.sidebar-tab[aria-selected="true"]').focus()
    await p.keyboard.press('ArrowRight')
    expect(await selectedTab(p)).toBe('parameters')
    expect(await focusedTab(p)).toBe('parameters')
    expect(await visiblePanels(p)).toEqual(['parameters'])
    // only the shown tab is in the page's tab sequence
    expect(await p.locator('.sidebar-tab[tabindex="0"]').getAttribute('data-panel')).toBe('parameters')

    await p.keyboard.press('ArrowLeft')
    await p.keyboard.press('ArrowLeft')
    // from the first tab, back to the last (the audit log: this person convenes the document)
    expect(await focusedTab(p)).toBe('audit')
    expect(await visiblePanels(p)).toEqual(['audit'])
    await p.keyboard.press('Home')
    expect(await focusedTab(p)).toBe('outline')
    await p.keyboard.press('End')
    expect(await selectedTab(p)).toBe('audit')
    await p.keyboard.press('ArrowRight')
    expect(await selectedTab(p)).toBe('outline')
  })

  it('remember the tab chosen last in this browser', async () => {
    const p = page()
    await showPanel(p, 'people')
    await p.reload()
    await p.locator('.ProseMirror.treaty').waitFor()
    await waitConnected(p)
    await expect.poll(() => selectedTab(p), POLL).toBe('people')
    expect(await visiblePanels(p)).toEqual(['people'])
  })

  it('count the people here beside People', async () => {
    await expect.poll(() => page().locator('.sidebar-tab[data-panel="people"] .sidebar-tab-badge').textContent(), POLL).toBe('1')
  })

  it('switch to Parameters when a parameter in the text is clicked, its field focused', async () => {
    const p = page()
    await showPanel(p, 'outline')
    await p.locator('.treaty .parameter[data-name="party_b"]').click()
    await expect.poll(() => focusedField(p), POLL).toBe('party_b')
    expect(await selectedTab(p)).toBe('parameters')
    expect(await p.locator('.parameters input[data-parameter="party_b"]').isVisible()).toBe(true)
  })
})

describe('next unfilled parameter', () => {
  it('selects the next parameter without a value after the cursor, focuses its field, and wraps around', async () => {
    const p = page()
    await showPanel(p, 'outline')
    await cursorAtStart(p)
    // party_a has a value: the first blank after the cursor is party_b
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => focusedField(p), POLL).toBe('party_b')
    expect(await selectedParameter(p)).toBe('party_b')
    expect(await selectedTab(p)).toBe('parameters')

    // Enter in the field goes back to the text, just after the parameter: the next press goes on
    await p.keyboard.press('Enter')
    await expect.poll(() => focusedField(p), POLL).toBe(null)
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => focusedField(p), POLL).toBe('start_date')
    expect(await selectedParameter(p)).toBe('start_date')

    // after the last blank, the search starts again from the top
    await p.keyboard.press('Enter')
    await expect.poll(() => focusedField(p), POLL).toBe(null)
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => focusedField(p), POLL).toBe('party_b')
    expect(await selectedParameter(p)).toBe('party_b')
  })

  it('is on the toolbar with its shortcut', async () => {
    const p = page()
    await cursorAtStart(p)
    expect(await p.locator('.tb-nextUnfilled').getAttribute('title')).toBe('Next unfilled parameter (Ctrl+Alt+N)')
    await p.locator('.tb-nextUnfilled').click()
    await expect.poll(() => focusedField(p), POLL).toBe('party_b')
  })

  it('works in a field too: the value typed is kept and the next blank field opens', async () => {
    const p = page()
    // the toolbar left party_b's field focused
    expect(await focusedField(p)).toBe('party_b')
    await p.keyboard.type('the Kingdom of Borduria')
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => focusedField(p), POLL).toBe('start_date')
    expect(await selectedParameter(p)).toBe('start_date')
    await expect.poll(() => p.locator('.treaty .parameter[data-name="party_b"]').textContent(), POLL).toBe('the Kingdom of Borduria')
  })

  it('says so when every parameter has a value, and leaves the selection alone', async () => {
    const p = page()
    // the last blank filled from its field: nothing is left, and the focus goes back to the text
    await p.keyboard.type('the day of signature')
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => p.locator('.toast').textContent(), POLL).toBe('No parameter is waiting for a value.')
    expect(await p.locator('.toast').getAttribute('role')).toBe('status')
    expect(await p.locator('.treaty .parameter-blank').count()).toBe(0)
    expect(await p.evaluate(`window.pacta.view.hasFocus()`)).toBe(true)
    // from the text, the same
    await p.evaluate(() => document.querySelector('.toast')?.remove())
    await cursorAtStart(p)
    await p.keyboard.press('Control+Alt+n')
    await expect.poll(() => p.locator('.toast').textContent(), POLL).toBe('No parameter is waiting for a value.')
    expect(await selectedParameter(p)).toBe(null)
    expect(await focusedField(p)).toBe(null)
  })
})

describe('the name in People here', () => {
  it('is the account\'s name, shown as text rather than a field that would change nothing', async () => {
    const p = page()
    await showPanel(p, 'people')
    const own = p.locator('.presence-self .presence-name')
    // personContext chose "Ada" for a visitor's name; this person is signed in as the administrator
    await expect.poll(() => own.textContent(), POLL).toBe('Administrator')
    expect(await own.evaluate((el) => el.tagName)).toBe('SPAN')
    expect(await p.locator('.presence input').count()).toBe(0)
    expect(await p.evaluate(`window.pacta.provider.awareness.getLocalState().user.name`)).toBe('Administrator')
  })

  it('logs no errors', () => {
    expect(suite.errors).toEqual([])
  })
})
