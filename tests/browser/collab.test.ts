// Two people edit one treaty in real Chromium against the real server: text, structure, numbers
// and cross-references reach both pages, survive a reload, and the document list works end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { caretAtEnd, launchBrowser, numbers, openEditor, personContext, texts, treatyText, usernameOf, waitConnected, xrefTexts, DIST, assertEditorBuilt, closeBrowserSuite, trackedPage } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }

let server: TestServer
let browser: Browser
const contexts: BrowserContext[] = []
const errors: string[][] = []

/**
 * A person in their own browser context: an account named after them, drafter of `memberOf`
 * (added by the admin), or the admin when `memberOf` is 'admin'.
 */
async function person(name: string, color: string, memberOf: string[] | 'admin'): Promise<Page> {
  if (memberOf !== 'admin') for (const doc of memberOf) await server.addMember(doc, usernameOf(name), 'drafter', name)
  const context = await personContext(browser, name, color, memberOf === 'admin' ? undefined : server)
  return trackedPage(context, contexts, errors)
}

const headings = (page: Page) => texts(page, '.treaty .article > .heading')

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  browser = await launchBrowser()
})

afterAll(() => closeBrowserSuite(contexts, browser, server))

describe('two people on one document', () => {
  let amina: Page
  let bruno: Page
  let id: string

  beforeAll(async () => {
    id = (await createDocument(server, 'Collaboration test')).id
    amina = await person('Amina', '#1f77b4', [id])
    bruno = await person('Bruno', '#d62728', [id])
    await openEditor(amina, server.url, id)
    await openEditor(bruno, server.url, id)
  })

  it('typing in one page appears in the other, and each sees the other in the presence list', async () => {
    await caretAtEnd(amina, '.article > .heading')
    await amina.keyboard.type('Scope')
    await amina.keyboard.press('Enter') // from the heading into the first paragraph
    await amina.keyboard.type('This Treaty applies to authorised talks.')
    await expect.poll(() => headings(bruno), POLL).toEqual(['Scope'])
    await expect.poll(() => texts(bruno, '.treaty .article .paragraph').then((t) => t[0]), POLL).toBe('This Treaty applies to authorised talks.')
    await expect.poll(() => bruno.locator('.presence-other').allTextContents(), POLL).toEqual(['Amina'])
    await expect.poll(() => amina.locator('.presence-other').allTextContents(), POLL).toEqual(['Bruno'])
    // the server confirmed it stored Amina's edits
    await expect.poll(() => texts(amina, '.status'), POLL).toEqual(['All changes saved'])
  })

  it('inserting an article renumbers the following articles and the cross-references to them on both pages', async () => {
    // Amina adds two more articles with the toolbar and names them
    for (const name of ['Definitions', 'Safe conduct']) {
      await caretAtEnd(amina, '.article:last-of-type > .heading')
      await amina.locator('.tb-addArticle').click()
      await amina.keyboard.type(name) // at once: the new article must take the keys even in the same frame
    }
    await expect.poll(() => headings(bruno), POLL).toEqual(['Scope', 'Definitions', 'Safe conduct'])

    // Bruno refers to Article 3 from Article 1, picking it in the cross-reference dialog
    await caretAtEnd(bruno, '.article:first-of-type .paragraph')
    await bruno.keyboard.type(' See ')
    await bruno.locator('.tb-insertXref').click()
    await bruno.locator('dialog .dialog-filter').fill('Article 3')
    await bruno.locator('dialog button[data-target]').first().click()
    await expect.poll(() => xrefTexts(amina), POLL).toEqual(['Article 3'])

    // Amina inserts a new article after Article 1 with the keyboard shortcut
    await caretAtEnd(amina, '.article:first-of-type .paragraph')
    await amina.keyboard.press('Control+Shift+Enter')
    await amina.keyboard.type('Purpose')
    for (const page of [amina, bruno]) {
      await expect.poll(() => headings(page), POLL).toEqual(['Scope', 'Purpose', 'Definitions', 'Safe conduct'])
      await expect.poll(() => numbers(page, 'article'), POLL).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4'])
      await expect.poll(() => xrefTexts(page), POLL).toEqual(['Article 4'])
      await expect.poll(() => page.locator('.outline-article .outline-number').allTextContents(), POLL).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4'])
    }

    // Bruno moves "Safe conduct" up: the reference follows it
    await caretAtEnd(bruno, '.article:last-of-type > .heading')
    await bruno.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => headings(amina), POLL).toEqual(['Scope', 'Purpose', 'Safe conduct', 'Definitions'])
    await expect.poll(() => xrefTexts(amina), POLL).toEqual(['Article 3'])

    await bruno.screenshot({ path: '/tmp/pacta-collab.png' })
  })

  it('a reload keeps everything', async () => {
    await amina.locator('.tb-insertParameter').isEnabled()
    await caretAtEnd(amina, '.article:first-of-type .paragraph')
    await amina.keyboard.type(' between ')
    await amina.locator('.tb-insertParameter').click()
    await amina.locator('dialog input[name="name"]').fill('party_a')
    await amina.locator('dialog input[name="value"]').fill('the Republic of Arcadia')
    await amina.locator('dialog button[type="submit"]').click()
    await expect.poll(() => bruno.locator('.treaty .parameter').allTextContents(), POLL).toEqual(['the Republic of Arcadia'])

    const before = await treatyText(bruno)
    await bruno.reload()
    await bruno.locator('.ProseMirror.treaty').waitFor()
    await waitConnected(bruno)
    expect(await treatyText(bruno)).toBe(before)
    expect(await headings(bruno)).toEqual(['Scope', 'Purpose', 'Safe conduct', 'Definitions'])
    expect(await xrefTexts(bruno)).toEqual(['Article 3'])
    expect(await bruno.locator('.treaty .parameter').allTextContents()).toEqual(['the Republic of Arcadia'])

    // and a third person opening it afresh sees the same
    const carla = await person('Carla', '#2ca02c', [id])
    await openEditor(carla, server.url, id)
    expect(await treatyText(carla)).toBe(before)
  })

  it('edits made while the server is away stay in the page and reach the other page when it returns', async () => {
    const port = server.server.port
    await server.stop()
    for (const page of [amina, bruno]) await page.locator('.status[data-state="offline"]').waitFor()
    expect(await texts(amina, '.status')).toEqual(['Offline — changes will sync when the connection returns'])
    await caretAtEnd(amina, '.article:last-of-type .paragraph')
    await amina.keyboard.type('Written offline.')
    expect(await treatyText(amina)).toContain('Written offline.')
    expect(await treatyText(bruno)).not.toContain('Written offline.')

    // the same server comes back on the same port and data folder; both pages reconnect by themselves
    server = await startTestServer({ staticDir: DIST, port }, server.dataDir)
    for (const page of [amina, bruno]) await page.locator('.status[data-state="connected"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => treatyText(bruno), POLL).toContain('Written offline.')
    expect(await treatyText(bruno)).toBe(await treatyText(amina))
    await expect.poll(() => texts(amina, '.status'), POLL).toEqual(['All changes saved'])
  })

  it('logs no errors in either page', () => {
    // refused connections while the server was away are expected
    expect(errors.flat().filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([])
  })
})

describe('the document list', () => {
  it('creates, renames, opens and deletes a document, and shows what went wrong', async () => {
    const page = await person('Dana', '#9467bd', 'admin')
    await page.goto(server.url + '/')
    await page.locator('.create-form input').fill('   ')
    await page.locator('.create-form button[type="submit"]').click()
    await expect.poll(() => page.locator('.list-error').textContent(), POLL).toBe('The title cannot be empty.')

    // create: lands in the new document's editor
    await page.locator('.create-form input').fill('Treaty on safe talks')
    await page.locator('.create-form button[type="submit"]').click()
    await page.waitForURL(/\/d\/[^/]+$/)
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    await page.locator('.ProseMirror.treaty').waitFor()
    expect(await page.locator('.doc-title').textContent()).toBe('Treaty on safe talks')
    expect(await page.locator('.treaty .treaty-title').textContent()).toBe('Treaty on safe talks')

    // rename from the list
    await page.goto(server.url + '/')
    const row = page.locator(`tr[data-id="${id}"]`)
    await row.locator('button.rename').click()
    await row.locator('.rename-input').fill('Treaty on the safety of talks')
    await row.locator('.rename-form button[type="submit"]').click()
    await expect.poll(() => page.locator(`tr[data-id="${id}"] .doc-link`).textContent(), POLL).toBe('Treaty on the safety of talks')

    // open it from the list, keep it open in a second page
    await page.locator(`tr[data-id="${id}"] .doc-link`).click()
    await page.locator('.ProseMirror.treaty').waitFor()
    expect(await page.locator('.doc-title').textContent()).toBe('Treaty on the safety of talks')
    const open = await person('Eli', '#17becf', [id])
    await openEditor(open, server.url, id)

    // delete, with confirmation: gone from the list, and the open editor says so
    await page.goto(server.url + '/')
    await page.locator(`tr[data-id="${id}"] button.delete`).click()
    await page.locator('dialog button[value="delete"]').click()
    await expect.poll(() => page.locator(`tr[data-id="${id}"]`).count(), POLL).toBe(0)
    expect((await server.request(`/api/documents/${id}`)).status).toBe(404)
    await open.locator('.banner[data-kind="deleted"]').waitFor()
    expect(await open.locator('.status').getAttribute('data-state')).toBe('deleted')
    expect(await open.locator('.treaty').getAttribute('contenteditable')).toBe('false')
    expect(await open.locator('.tb-addArticle').isDisabled()).toBe(true)

    // an error from the API is shown: renaming a document someone else deleted meanwhile
    const other = (await createDocument(server, 'Short-lived')).id
    await page.reload()
    await page.locator(`tr[data-id="${other}"] button.rename`).click()
    await server.request(`/api/documents/${other}`, { method: 'DELETE' })
    await page.locator(`tr[data-id="${other}"] .rename-form button[type="submit"]`).click()
    await expect.poll(() => page.locator('.list-error').isVisible(), POLL).toBe(true)
    expect(await page.locator('.list-error').textContent()).not.toBe('')

    // an unknown document shows "not found" instead of an editor
    await page.goto(`${server.url}/d/no-such-document`)
    await page.locator('.page-message[data-kind="not-found"]').waitFor()
  })

  it('an editor older than the server is told to reload and stops reconnecting', async () => {
    const id = (await createDocument(server, 'Schema check')).id
    const page = await person('Farid', '#8c564b', [id])
    // pretend to be an editor built for schema version 0
    await page.addInitScript(() => {
      const Native = window.WebSocket
      const w = window as unknown as { socketsOpened: number }
      w.socketsOpened = 0
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(String(url).replace(/schema=\d+/, 'schema=0'), protocols)
          w.socketsOpened++
        }
      } as typeof WebSocket
    })
    // the page's timers run as usual until the test moves its clock on
    await page.clock.install()
    await page.goto(`${server.url}/d/${id}`)
    await page.locator('.status[data-state="outdated"]').waitFor()
    expect(await page.locator('.banner[data-kind="outdated"]').textContent()).toContain('out of date — reload')
    // and it does not try again: y-websocket would retry within 2.5 s, so ten seconds of the
    // page's clock fire any retry it scheduled
    await page.clock.runFor(10_000)
    expect(await page.evaluate(() => (window as unknown as { socketsOpened: number }).socketsOpened)).toBe(1)
  })
})
