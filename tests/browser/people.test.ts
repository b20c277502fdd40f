// In Chromium: a convener finds an account by part of its name in the members dialog and adds it with the keyboard,
// a search nobody matches says so and adds nobody; the admin page copies a one-time password and its audit view
// shows each action at once.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserSuite, openEditor, personContext, trackedPage } from '../helpers/browser.js'
import { jsonInit } from '../helpers/server.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()
let doc: string

/** The document's members as the server has them: username → role. */
async function members(): Promise<Record<string, string>> {
  const list = await (await suite.server.api(`/api/documents/${doc}/members`, {}, 'cora')).json() as Array<{ username: string; role: string }>
  return Object.fromEntries(list.map((m) => [m.username, m.role]))
}

/** A page of `name` (an account of the suite's server), its console errors checked at the end. */
async function pageOf(name: string): Promise<Page> {
  const context = await personContext(suite.browser, name, '#1f77b4', suite.server)
  return trackedPage(context, suite.contexts, suite.errors)
}

beforeAll(async () => {
  const { server } = suite
  await server.addUser('cora', { displayName: 'Cora' })
  await server.addUser('nora.k', { displayName: 'Nora Kessler' })
  await server.addUser('nora.q', { displayName: 'Nora Quist' })
  await server.addUser('ines', { displayName: 'Inès Ortega' })
  doc = (await (await server.api('/api/documents', jsonInit('POST', { title: 'Members by name' }), 'cora')).json()).id
  expect((await server.api(`/api/documents/${doc}/members`, jsonInit('POST', { username: 'nora.k', role: 'reviewer' }), 'cora')).status).toBe(201)
})

describe('adding a member by name', () => {
  let page: Page
  const dialog = () => page.locator('dialog.members-dialog')
  const field = () => dialog().locator('input[role="combobox"]')
  const listbox = () => dialog().locator('[role="listbox"]')

  beforeAll(async () => {
    page = await pageOf('Cora')
    await openEditor(page, suite.server.url, doc)
    await page.locator('.members-button').click()
    await dialog().locator('tr[data-username="cora"]').waitFor()
  })

  it('offers the accounts matching part of a display name; the keyboard picks one and adds it', async () => {
    await field().pressSequentially('ora')
    await expect.poll(() => listbox().locator('[role="option"]').allTextContents(), POLL).toEqual([
      'Cora cora already convener', 'Nora Kessler nora.k already reviewer', 'Nora Quist nora.q',
    ])
    expect(await field().getAttribute('aria-expanded')).toBe('true')
    expect(await field().getAttribute('aria-controls')).toBe(await listbox().getAttribute('id'))
    // members already in the document cannot be picked: ArrowDown goes straight to Nora Quist
    await field().press('ArrowDown')
    const active = listbox().locator('[aria-selected="true"]')
    expect(await active.getAttribute('data-username')).toBe('nora.q')
    expect(await field().getAttribute('aria-activedescendant')).toBe(await active.getAttribute('id'))
    await field().press('Enter')
    expect(await field().inputValue()).toBe('nora.q')
    expect(await listbox().isHidden()).toBe(true)
    expect(await field().getAttribute('aria-expanded')).toBe('false')
    expect(await dialog().locator('tr[data-username="nora.q"]').count()).toBe(0)
    await dialog().locator('.members-add select').selectOption('drafter')
    await field().press('Enter')
    await dialog().locator('tr[data-username="nora.q"]').waitFor()
    expect(await members()).toEqual({ cora: 'convener', 'nora.k': 'reviewer', 'nora.q': 'drafter' })
    expect(await field().inputValue()).toBe('')
  })

  it('Escape closes the list and leaves the dialog open; a click picks', async () => {
    await field().pressSequentially('kess')
    await listbox().locator('[role="option"]').first().waitFor()
    await field().press('Escape')
    expect(await listbox().isHidden()).toBe(true)
    expect(await dialog().isVisible()).toBe(true)
    await field().fill('')
    await field().pressSequentially('quis')
    await expect.poll(() => listbox().locator('[role="option"]').allTextContents(), POLL).toEqual(['Nora Quist nora.q already drafter'])
    expect(await listbox().locator('[role="option"]').getAttribute('aria-disabled')).toBe('true')
    await field().fill('')
    // accents need not be typed
    await field().pressSequentially('Ines')
    await expect.poll(() => listbox().locator('[role="option"]').allTextContents(), POLL).toEqual(['Inès Ortega ines'])
    await listbox().locator('[role="option"]').click()
    expect(await field().inputValue()).toBe('ines')
    expect(await listbox().isHidden()).toBe(true)
    await dialog().locator('.members-add button[type="submit"]').click()
    await dialog().locator('tr[data-username="ines"]').waitFor()
    // the role chosen for the previous addition stays chosen
    expect((await members()).ines).toBe('drafter')
  })

  it('a search nobody matches says so, and adding it is refused by the server and adds nobody', async () => {
    const before = await members()
    await field().pressSequentially('xyz')
    await expect.poll(() => dialog().locator('.account-status').textContent(), POLL).toBe('No account matches “xyz”')
    expect(await listbox().isHidden()).toBe(true)
    expect(await field().getAttribute('aria-expanded')).toBe('false')
    await field().press('Enter')
    await expect.poll(() => dialog().locator('.form-error').textContent(), POLL).toBe('There is no account named xyz')
    expect(await members()).toEqual(before)
    expect(await dialog().locator('tbody tr').count()).toBe(Object.keys(before).length)
  })
})

describe('the admin page', () => {
  let page: Page

  beforeAll(async () => {
    page = await pageOf('admin')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url })
    await page.goto(`${suite.server.url}/admin`)
    await page.locator('.audit-panel li').first().waitFor()
    // a page that reloads loses this
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true })
  })

  const auditTexts = () => page.locator('.audit-panel li').allTextContents()
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

  it('creates an account, copies its one-time password, and the audit view shows the creation without a reload', async () => {
    await page.locator('input[name="username"]').fill('quinn')
    await page.locator('input[name="displayName"]').fill('Quinn Q')
    await page.locator('form.people-form button[type="submit"]').click()
    const secret = page.locator('.secret[data-username="quinn"]')
    await secret.waitFor()
    await expect.poll(async () => (await auditTexts())[0], POLL).toMatch(/created the account quinn/)
    await page.locator('.copy-button').click()
    await expect.poll(() => page.locator('.copy-status').textContent(), POLL).toBe('Copied')
    expect(await clipboard()).toBe(await secret.textContent())
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  })

  it('a reset password is copied even when the browser refuses the clipboard API; disabling shows in the audit view', async () => {
    await page.locator('tr[data-username="quinn"] .reset').click()
    await expect.poll(async () => (await auditTexts())[0], POLL).toMatch(/reset the password of quinn/)
    const secret = page.locator('.secret[data-username="quinn"]')
    await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError')) })
    await page.locator('.copy-button').click()
    await expect.poll(() => page.locator('.copy-status').textContent(), POLL).toBe('Copied')
    expect(await clipboard()).toBe(await secret.textContent())
    // when copying from the selection fails too, the password is left selected with the shortcut to press
    await page.evaluate(() => { document.execCommand = () => false })
    await page.locator('.copy-button').click()
    await expect.poll(() => page.locator('.copy-status').textContent(), POLL).toMatch(/refused to copy.*press Ctrl\+C/)
    expect(await page.evaluate(() => getSelection()?.toString())).toBe(await secret.textContent())
    await page.locator('tr[data-username="quinn"] .disable').click()
    await expect.poll(async () => (await auditTexts())[0], POLL).toMatch(/disabled the account quinn/)
    expect(await page.locator('tr[data-username="quinn"] .state').textContent()).toBe('disabled')
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  })
})

describe('every page', () => {
  it('logs no errors', () => {
    // the refused addition answers 404, which the browser reports as a failed resource
    for (const list of suite.errors) expect(list.filter((e) => !/status of 404/.test(e))).toEqual([])
  })
})
