// The Check panel mends a missing legal safeguard in Chromium: a drafter sees that an amnesty
// article does not exclude the gravest crimes, presses "Insert clause", and the library's standard
// exclusions end the article, the finding gone; text from an earlier version of a clause the
// library has revised is flagged; a reviewer sees the findings without the button. A term used but
// never defined gets the library's definition, in a new "Use of terms" article after the scope
// article, and Ctrl+Z takes it back; a body no article establishes gets the library's article
// establishing it, before the final clauses.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserSuite, memberPage, showPanel, texts } from '../helpers/browser.js'
import { importDocument } from '../helpers/server.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()

const TREATY = `# Agreement on the Talks

## Article 1
### Amnesty

1. Amnesty shall be granted only where members of the group disclose the acts concerned.

## Article 2
### Records

1. The facilitator keeps the records of the talks.
`

describe('the Check panel\'s fix for a missing safeguard', () => {
  let dora: Page
  let rita: Page

  beforeAll(async () => {
    const id = await importDocument(suite.server, 'talks.md', TREATY)
    dora = await memberPage(suite, id, 'Dora', 'drafter', '#1f77b4')
    rita = await memberPage(suite, id, 'Rita', 'reviewer', '#d62728')
  })

  it('offers the library clause to a drafter, inserts it at the end of the article, and the finding goes', async () => {
    await showPanel(dora, 'check')
    const finding = dora.locator('.check-panel .check-finding', { hasText: 'does not exclude genocide' })
    await finding.waitFor()
    expect(await finding.locator('.check-fix').getAttribute('data-clause')).toBe('amnesty-exclusions')
    await finding.locator('.check-fix').click()
    await expect.poll(() => dora.locator('.check-panel .check-status').textContent(), POLL).toBe('Inserted “Crimes excluded from amnesty” at the end of Article 1.')
    await expect.poll(() => dora.locator('.check-panel .check-finding', { hasText: 'does not exclude' }).count(), POLL).toBe(0)
    const article1 = await texts(dora, '.treaty .article:first-of-type .paragraph')
    expect(article1[0]).toContain('Amnesty shall be granted only where')
    expect(article1.at(-1)).toContain('genocide')
    // the other article is as it was, and the reviewer's page shows the new paragraph
    expect(await texts(dora, '.treaty .article:nth-of-type(2) .paragraph')).toEqual(['The facilitator keeps the records of the talks.'])
    await expect.poll(() => texts(rita, '.treaty .article:first-of-type .paragraph').then((t) => t.length), POLL).toBe(article1.length)
  })

  it('warns when the text came from an earlier version of a clause the library has revised under a newer standard', async () => {
    // the article's record says it came from version 1 of the clause the fix inserted (the library holds version 2)
    await dora.evaluate(() => {
      const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
      let done = false
      view.state.doc.descendants((node, pos) => {
        if (done || node.type.name !== 'article') return !done
        const records = JSON.parse(String(node.attrs.clause ?? '[]')) as unknown
        const list = (Array.isArray(records) ? records : [records]) as Array<{ id: string; version: number }>
        if (!list.some((r) => r?.id === 'amnesty-exclusions')) return false
        const older = list.map((r) => (r.id === 'amnesty-exclusions' ? { ...r, version: 1 } : r))
        view.dispatch(view.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, clause: JSON.stringify(older.length === 1 ? older[0] : older) }))
        done = true
        return false
      })
      if (!done) throw new Error('no article holds the inserted clause')
    })
    const finding = dora.locator('.check-panel .check-finding[data-rule="outdated-standard"]')
    await expect.poll(() => finding.count(), POLL).toBe(1)
    expect(await finding.textContent()).toContain('comes from “Crimes excluded from amnesty” version 1; the library\'s version 2 carries the current legal standard')
  })

  it('shows a reviewer the findings without the button', async () => {
    await showPanel(rita, 'check')
    await rita.locator('.check-panel .check-finding', { hasText: 'revocation after a hearing' }).waitFor()
    expect(await rita.locator('.check-panel .check-fix').count()).toBe(0)
  })

  it('logs no errors in any page', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})

const TERMS = `# Agreement on the Talks

## Article 1
### Scope

1. This Agreement applies to the talks between the parties.

## Article 2
### Records

1. The facilitator keeps the records of the talks.
`

describe('the Check panel\'s fix for a term used but never defined', () => {
  let dora: Page

  beforeAll(async () => {
    const id = await importDocument(suite.server, 'terms.md', TERMS)
    dora = await memberPage(suite, id, 'Dora', 'drafter', '#1f77b4')
    // "facilitator" in Article 2 becomes a use of the defined term, as library text marks it ([[facilitator]])
    await dora.evaluate(() => {
      const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
      let from = -1
      view.state.doc.descendants((node, pos) => {
        const at = node.isText ? node.text!.indexOf('facilitator') : -1
        if (from < 0 && at >= 0) from = pos + at
        return from < 0
      })
      if (from < 0) throw new Error('no “facilitator” in the document')
      view.dispatch(view.state.tr.addMark(from, from + 'facilitator'.length, view.state.schema.marks.term!.create({ key: 'facilitator' })))
    })
  })

  it('inserts the library\'s definition as a "Use of terms" article after the scope article; the finding goes, and Ctrl+Z takes it back', async () => {
    const headings = () => texts(dora, '.treaty .article > .heading')
    expect(await headings()).toEqual(['Scope', 'Records'])
    await showPanel(dora, 'check')
    const finding = dora.locator('.check-panel .check-finding[data-rule="undefined-term"]', { hasText: 'facilitator' })
    // the library's index arrives after the first check: the button comes with it
    await finding.locator('.check-fix').waitFor()
    expect(await finding.locator('.check-fix').getAttribute('data-clause')).toBe('facilitator')
    await finding.locator('.check-fix').click()
    await expect.poll(() => dora.locator('.check-panel .check-status').textContent(), POLL).toBe('Inserted “Definition: facilitator” as Article 2.')
    expect(await headings()).toEqual(['Scope', 'Use of terms', 'Records'])
    expect((await texts(dora, '.treaty .article:nth-of-type(2) .paragraph')).join(' ')).toContain('is a natural or legal person')
    await expect.poll(() => dora.locator('.check-panel .check-finding[data-rule="undefined-term"]').count(), POLL).toBe(0)

    // one undo takes the whole insertion back, and the finding returns
    await dora.locator('.treaty .article:nth-of-type(3) .paragraph').first().click()
    await dora.keyboard.press('Control+z')
    await expect.poll(headings, POLL).toEqual(['Scope', 'Records'])
    expect(await texts(dora, '.treaty .article:nth-of-type(2) .paragraph')).toEqual(['The facilitator keeps the records of the talks.'])
    await expect.poll(() => finding.count(), POLL).toBe(1)
  })

  it('logs no errors in the page', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})

const BODY = `# Agreement on Implementation

## Article 1
### Reports

1. The parties shall report every three months to the Joint Implementation Commission.

## Article 2
### Entry into force

1. This Agreement enters into force on signature.
`

describe('the Check panel\'s fix for a body no article establishes', () => {
  let dora: Page

  beforeAll(async () => {
    const id = await importDocument(suite.server, 'body.md', BODY)
    dora = await memberPage(suite, id, 'Dora', 'drafter', '#1f77b4')
  })

  it('inserts the library\'s article establishing the body before the final clauses, and the warning goes', async () => {
    await showPanel(dora, 'check')
    const finding = dora.locator('.check-panel .check-finding[data-rule="unestablished-institution"]', { hasText: 'Joint Implementation Commission' })
    await finding.locator('.check-fix').waitFor()
    expect(await finding.locator('.check-fix').getAttribute('data-clause')).toBe('implementation-commission')
    await finding.locator('.check-fix').click()
    await expect.poll(() => dora.locator('.check-panel .check-status').textContent(), POLL).toBe('Inserted “Joint implementation commission” as Article 2.')
    expect(await texts(dora, '.treaty .article > .heading')).toEqual(['Reports', 'Implementation', 'Entry into force'])
    expect((await texts(dora, '.treaty .article:nth-of-type(2) .paragraph'))[0]).toContain('The parties hereby establish')
    await expect.poll(() => finding.count(), POLL).toBe(0)
  })

  it('logs no errors in the page', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
