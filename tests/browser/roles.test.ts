// In Chromium: a reviewer's editor is read-only with a clear indicator and a drafter's is not; a convener manages
// members from the dialog, and a role change reaches an open editor; sign-in and sign-out go through the pages.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openEditor, personContext, DIST, assertEditorBuilt, closeBrowserSuite, trackedPage } from '../helpers/browser.js'
import { jsonInit, passwordOf, startTestServer, type TestServer } from '../helpers/server.js'

const POLL = { timeout: 10_000 }
/** How long an open editor may take to show a role change made elsewhere. */
const PUSHED = { timeout: 10_000, interval: 50 }
let server: TestServer
let browser: Browser
let doc: string
let doraId: string
const contexts: BrowserContext[] = []
const errors: string[][] = []

async function pageOf(name: string): Promise<Page> {
  const context = await personContext(browser, name, '#1f77b4', server)
  return trackedPage(context, contexts, errors)
}

beforeAll(async () => {
  assertEditorBuilt('login.html')
  server = await startTestServer({ staticDir: DIST })
  doc = (await (await server.request('/api/documents', jsonInit('POST', { title: 'Roles in the browser' }))).json()).id
  await server.addMember(doc, 'rita', 'reviewer', 'Rita')
  doraId = (await server.addMember(doc, 'dora', 'drafter', 'Dora')).id
  await server.addUser('nils', { displayName: 'Nils' })
  browser = await launchBrowser()
})

afterAll(() => closeBrowserSuite(contexts, browser, server))

describe('roles in the editor', () => {
  let rita: Page
  let dora: Page

  it('a reviewer\'s editor is read-only and says "Comment only"; a drafter\'s is editable with no indicator', async () => {
    rita = await pageOf('rita')
    dora = await pageOf('dora')
    await openEditor(rita, server.url, doc)
    await openEditor(dora, server.url, doc)
    expect(await rita.locator('.treaty').getAttribute('contenteditable')).toBe('false')
    expect(await rita.locator('.role-indicator').textContent()).toBe('Comment only')
    expect(await rita.locator('.role-indicator').isVisible()).toBe(true)
    expect(await rita.locator('.tb-addArticle').isDisabled()).toBe(true)
    expect(await rita.locator('.members-button').isVisible()).toBe(false)
    expect(await dora.locator('.treaty').getAttribute('contenteditable')).toBe('true')
    expect(await dora.locator('.role-indicator').isVisible()).toBe(false)
    expect(await dora.locator('.tb-addArticle').isDisabled()).toBe(false)
  })

  it('a convener adds a member and downgrades the drafter from the members dialog; the drafter\'s editor turns read-only', async () => {
    const admin = await pageOf('admin')
    await openEditor(admin, server.url, doc)
    await admin.locator('.members-button').click()
    const dialog = admin.locator('dialog.members-dialog')
    await dialog.locator('tr[data-username="dora"]').waitFor()
    await dialog.locator('input[name="username"]').fill('nils')
    await dialog.locator('.members-add select').selectOption('observer')
    await dialog.locator('.members-add button[type="submit"]').click()
    await dialog.locator('tr[data-username="nils"]').waitFor()
    await dialog.locator('tr[data-username="dora"] select').selectOption('reviewer')
    await expect.poll(async () => (await (await server.request(`/api/documents/${doc}/members`)).json()).find((m: { username: string }) => m.username === 'dora').role, POLL).toBe('reviewer')
    // The server pushes the new role over the sync connection: the open editor follows within a second.
    await expect.poll(() => dora.locator('.treaty').getAttribute('contenteditable'), PUSHED).toBe('false')
    await expect.poll(() => dora.locator('.role-indicator').textContent(), PUSHED).toBe('Comment only')
    expect(await dora.locator('.tb-addArticle').isDisabled()).toBe(true)
    // removing the last convener is refused with a message in the dialog
    await dialog.locator('tr[data-username="admin"] select').selectOption('drafter')
    await expect.poll(() => dialog.locator('.form-error').textContent(), POLL).toMatch(/at least one convener/)
  })

  it('a reviewer made drafter again can edit at once, and the edit reaches the others', async () => {
    expect(await server.request(`/api/documents/${doc}/members/${doraId}`, jsonInit('PATCH', { role: 'drafter' })).then((r) => r.status)).toBe(200)
    await expect.poll(() => dora.locator('.treaty').getAttribute('contenteditable'), PUSHED).toBe('true')
    expect(await dora.locator('.role-indicator').isVisible()).toBe(false)
    await dora.locator('.treaty p').first().click()
    await dora.keyboard.type('Regained. ')
    await expect.poll(() => rita.locator('.treaty').textContent(), POLL).toContain('Regained.')
  })

  it('an observer sees "Read only"', async () => {
    const nils = await pageOf('nils')
    await openEditor(nils, server.url, doc)
    expect(await nils.locator('.role-indicator').textContent()).toBe('Read only')
    expect(await nils.locator('.treaty').getAttribute('contenteditable')).toBe('false')
  })

  it('logs no errors in any page', () => {
    // the refused role change answers 409, which the browser reports as a failed resource
    for (const list of errors) expect(list.filter((e) => !/status of 409/.test(e))).toEqual([])
  })
})

describe('sign-in pages', () => {
  it('sends a signed-out visitor to the login page and back after signing in; a wrong password says so', async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${server.url}/d/${doc}`)
    await page.waitForURL(/\/login\?next=/)
    await page.locator('input[name="username"]').fill('rita')
    await page.locator('input[name="password"]').fill('wrong password')
    await page.locator('button[type="submit"]').click()
    await expect.poll(() => page.locator('.form-error').textContent(), POLL).toBe('Wrong username or password.')
    await page.locator('input[name="password"]').fill(passwordOf('rita'))
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(`${server.url}/d/${doc}`)
    await page.locator('.ProseMirror.treaty').waitFor()
    expect(await page.locator('.account-bar .who').textContent()).toBe('Rita')
    await page.locator('.sign-out').click()
    await page.waitForURL(/\/login/)
    await page.goto(server.url + '/')
    await page.waitForURL(/\/login\?next=%2F/)
  })
})
