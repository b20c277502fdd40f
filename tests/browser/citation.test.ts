// The document's citation style in Chromium against the real server: a drafter switches it in
// Settings and a reviewer's open page shows the references in it at once (the reviewer cannot
// change it); the library preview shows a clause's references as they will read.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, openEditor, personContext, showPanel, trackedPage, usernameOf, xrefTexts } from '../helpers/browser.js'
import type { Role } from '../../editor/model/permissions.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()

/** `name`'s page on document `id`, as a member with `role`. */
async function person(id: string, name: string, role: Role): Promise<Page> {
  await suite.server.addMember(id, usernameOf(name), role, name)
  const page = await trackedPage(await personContext(suite.browser, name, '#1f77b4', suite.server), suite.contexts, suite.errors)
  await openEditor(page, suite.server.url, id)
  return page
}

describe('the citation style', () => {
  let dora: Page
  let rita: Page

  beforeAll(async () => {
    const docs = (await (await suite.server.request('/api/documents')).json()) as Array<{ id: string; title: string }>
    const sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
    dora = await person(sample, 'Dora', 'drafter')
    rita = await person(sample, 'Rita', 'reviewer')
  })

  it('switched by a drafter in Settings, changes the references on another open page at once', async () => {
    const compact = ['Article 3', 'Article 3(1)', 'Article 3']
    await expect.poll(() => xrefTexts(rita), POLL).toEqual(compact)
    await showPanel(rita, 'settings')
    await showPanel(dora, 'settings')
    expect(await rita.locator('.settings select').isDisabled()).toBe(true)
    expect(await dora.locator('.settings select').isDisabled()).toBe(false)

    await dora.locator('.settings select').selectOption('un')
    const un = ['article 3', 'article 3, paragraph 1', 'article 3']
    await expect.poll(() => xrefTexts(dora), POLL).toEqual(un)
    await expect.poll(() => xrefTexts(rita), POLL).toEqual(un)
    await expect.poll(() => rita.locator('.settings select').inputValue(), POLL).toBe('un')

    await dora.locator('.settings select').selectOption('compact')
    await expect.poll(() => xrefTexts(rita), POLL).toEqual(compact)
  })

  it('is used by the library preview, which shows a clause\'s references as they will read', async () => {
    await dora.locator('.tb-library').click()
    await dora.locator('.lp-search').fill('conditional amnes')
    await expect.poll(() => dora.locator('.lp-result').first().getAttribute('data-clause'), POLL).toBe('conditional-amnesty')
    await dora.locator('.lp-result').first().click()
    await dora.locator('.lp-variant').selectOption('comprehensive')
    await expect.poll(() => dora.locator('.lp-preview .lp-xref').allTextContents(), POLL).toEqual(['subparagraph (a) of paragraph 1'])
    // tags by their meaning, the code in the tooltip
    const chips = dora.locator('.lp-tag-chip')
    expect(await chips.allTextContents()).not.toContain('TjAmPro')
    expect(await chips.evaluateAll((els) => els.every((el) => el.textContent !== el.getAttribute('title')))).toBe(true)
    expect(suite.errors.flat()).toEqual([])
  })
})
