// Script-injection payloads written straight into the shared Yjs document (text, attributes, parameter values,
// provenance) and into people's names render as inert text in the editor in Chromium, and in its HTML export.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, PARAMETERS_MAP } from '../../editor/model/index.js'
import { findScriptVectors, XSS_NAME_PAYLOADS, XSS_PAYLOADS } from '../fixtures/xss-payloads.js'
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { launchBrowser, personContext, DIST, assertEditorBuilt, showPanel } from '../helpers/browser.js'
import { connectClient, waitFor, type SyncClient } from '../helpers/ws-client.js'

const POLL = { timeout: 10_000 }
let server: TestServer
let browser: Browser
let doc: string
const clients: SyncClient[] = []

/**
 * Appends to the treaty, as raw Y.XmlElements (no ProseMirror in between), one article carrying
 * every payload in the places the schema renders (text, ids, parameter names and values, reference
 * targets, term keys, provenance), and one with attributes, marks and nodes the schema does not
 * know (which the binding refuses to build, so it must not render them either).
 */
function inject(client: SyncClient): void {
  const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT)
  const parameters = client.doc.getMap<string>(PARAMETERS_MAP)
  client.doc.transact(() => {
    const article = new Y.XmlElement('article')
    article.setAttribute('id', 'art-xss')
    article.setAttribute('clause', JSON.stringify({ id: XSS_PAYLOADS[0], version: XSS_PAYLOADS[1], values: { a: XSS_PAYLOADS[2] } }))
    const heading = new Y.XmlElement('heading')
    heading.insert(0, [new Y.XmlText(XSS_PAYLOADS[4]!)])
    article.insert(0, [heading])
    XSS_PAYLOADS.forEach((payload, i) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.setAttribute('id', i % 2 ? payload : `p-xss-${i}`)
      // a hostile level is read as a number 0…2 wherever it is used as a class or for numbering
      if (i % 4 === 1) paragraph.setAttribute('level', payload)
      const text = new Y.XmlText()
      text.insert(0, `#${i} ${payload} `)
      text.insert(text.length, payload, { strong: {}, term: { key: payload, defining: i % 2 === 0 } })
      const parameter = new Y.XmlElement('parameter')
      parameter.setAttribute('name', i % 3 ? payload : `xss_${i}`)
      const xref = new Y.XmlElement('xref')
      xref.setAttribute('target', payload)
      paragraph.insert(0, [text, parameter, xref])
      article.insert(article.length, [paragraph])
      parameters.set(i % 3 ? payload : `xss_${i}`, payload)
    })
    const unknown = new Y.XmlElement('article')
    unknown.setAttribute('id', 'art-unknown')
    unknown.setAttribute('onclick', XSS_PAYLOADS[3]!)
    const p = new Y.XmlElement('paragraph')
    p.setAttribute('style', XSS_PAYLOADS[28]!)
    const text = new Y.XmlText()
    text.insert(0, 'unknown mark', { link: { href: XSS_PAYLOADS[6] } })
    const script = new Y.XmlElement('script')
    script.insert(0, [new Y.XmlText(XSS_PAYLOADS[0]!)])
    const img = new Y.XmlElement('img')
    img.setAttribute('src', 'x')
    img.setAttribute('onerror', '__pwn(99)')
    p.insert(0, [text, img, script])
    unknown.insert(0, [p])
    fragment.insert(fragment.length, [article, unknown])
  }, 'xss-test')
}

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  doc = (await (await server.request('/api/documents', jsonInit('POST', { title: XSS_PAYLOADS[0]! }))).json()).id
  // people whose display names are payloads, present in the document
  for (const [i, name] of XSS_NAME_PAYLOADS.slice(0, 6).entries()) {
    const user = await server.addMember(doc, `xss-person-${i}`, 'drafter', name)
    const c = connectClient(server.syncUrl, doc, { cookie: user.cookie })
    clients.push(c)
    await c.synced()
    c.provider.awareness.setLocalStateField('user', { name, color: '#ff0000' })
    c.provider.awareness.setLocalStateField('cursor', null)
  }
  inject(clients[0]!)
  const room = (await server.server.rooms.peek(doc))!
  await waitFor(() => room.doc.getMap(PARAMETERS_MAP).size >= XSS_PAYLOADS.length / 3, 'the injected update to reach the server', 10_000)
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  for (const c of clients) c.destroy()
  await browser?.close()
  await server?.dispose()
})

/** Sets the tripwires in every page of `context`: __pwn and the dialog functions count calls; CSP violations are kept. */
async function trap(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>
    w.__pwned = 0
    w.__pwn = () => { w.__pwned = (w.__pwned as number) + 1 }
    w.__name = (f: unknown) => f
    for (const name of ['alert', 'confirm', 'prompt', 'print']) w[name] = () => { w.__pwned = (w.__pwned as number) + 1 }
    document.addEventListener('securitypolicyviolation', (e) => {
      ((w.__violations ??= []) as string[]).push(`${e.violatedDirective} ${e.blockedURI}`)
    })
  })
}

/** Opens the editor with tripwires set: __pwn and the dialog functions count calls. */
async function openTrapped(): Promise<{ page: Page; dialogs: string[]; violations: string[] }> {
  const context = await personContext(browser, 'admin')
  await trap(context)
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  await page.goto(`${server.url}/d/${doc}`)
  await page.locator('.ProseMirror.treaty').waitFor()
  return { page, dialogs, violations: [] }
}

describe('XSS payloads from the shared document', () => {
  it(`${XSS_PAYLOADS.length} payloads in text, attributes, marks, parameters, provenance and ${XSS_NAME_PAYLOADS.slice(0, 6).length} in people's names render inert`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50)
    const { page, dialogs } = await openTrapped()
    // the payloads are shown as text
    await expect.poll(() => page.locator('.treaty').textContent(), POLL).toContain(`#${XSS_PAYLOADS.length - 1} `)
    const text = (await page.locator('.treaty').textContent())!
    expect(text).toContain('<script>__pwn(1)</script>')
    expect(text).toContain('<img src=x onerror=__pwn(2)>')
    // the presence list shows the names as text
    await expect.poll(() => page.locator('.presence-other').allTextContents(), POLL).toContain(XSS_NAME_PAYLOADS[1])

    // interact: hover and click through the injected article, its parameters and references; open the panels
    await page.locator('.treaty article[data-id="art-xss"]').scrollIntoViewIfNeeded()
    for (const selector of ['.treaty [data-id="art-xss"] .paragraph', '.treaty [data-id="art-xss"] .parameter', '.treaty [data-id="art-xss"] .xref']) {
      const items = page.locator(selector)
      const n = Math.min(await items.count(), 12)
      for (let i = 0; i < n; i++) {
        await items.nth(i).hover().catch(() => {})
        await items.nth(i).click({ modifiers: i % 2 ? ['Control'] : [] }).catch(() => {})
      }
    }
    await page.locator('.members-button').click()
    await page.locator('dialog.members-dialog tbody tr').first().waitFor()
    await page.keyboard.press('Escape')
    await showPanel(page, 'audit')
    await page.locator('.audit-panel li').first().waitFor()
    await page.waitForTimeout(300)

    expect(await page.evaluate('window.__pwned')).toBe(0)
    expect(dialogs).toEqual([])
    const vectors = await page.evaluate(`(${findScriptVectors.toString()})(document.body)`) as string[]
    expect(vectors).toEqual([])
    // nothing was even attempted: the CSP reported no blocked script
    const violations = (await page.evaluate('window.__violations ?? []')) as string[]
    expect(violations.filter((v) => v.startsWith('script'))).toEqual([])
    expect(page.url()).toBe(`${server.url}/d/${doc}`)
  }, 90_000)

  it('exported as HTML through the Export menu, they open from disk in Chromium as text, even without the file\'s own CSP', async () => {
    const { page } = await openTrapped()
    await page.locator('.tb-export').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="html-notes"]').click()])
    // the title is XSS_PAYLOADS[0]: the file name keeps only safe characters
    expect(download.suggestedFilename()).toBe('script__pwn1script.html')
    const dir = mkdtempSync(join(tmpdir(), 'pacta-export-'))
    try {
      await download.saveAs(join(dir, 'exported.html'))
      const html = readFileSync(join(dir, 'exported.html'), 'utf8')
      expect(html).toContain('<meta http-equiv="Content-Security-Policy"')
      // escaping alone must keep it inert: the same file with its policy removed is opened too
      writeFileSync(join(dir, 'no-csp.html'), html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''))
      for (const file of ['exported.html', 'no-csp.html']) {
        const context = await browser.newContext()
        await trap(context)
        const view = await context.newPage()
        const dialogs: string[] = []
        view.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
        await view.goto(pathToFileURL(join(dir, file)).href)
        await view.locator('main.treaty').waitFor()
        const text = (await view.locator('main.treaty').textContent())!
        for (const [i, payload] of XSS_PAYLOADS.entries()) expect(text, file).toContain(`#${i} ${payload} `)
        // hover and click what an attacker would aim at: references, parameters, terms, paragraphs
        for (const selector of ['.xref', '.parameter', '.term', '.paragraph']) {
          const items = view.locator(selector).filter({ visible: true })
          const n = Math.min(await items.count(), 10)
          for (let i = 0; i < n; i++) {
            await items.nth(i).hover({ timeout: 2000 })
            await items.nth(i).click({ timeout: 2000 })
          }
        }
        await view.waitForTimeout(300)
        // the tripwires are armed in the file's page too
        expect(await view.evaluate('typeof window.__pwn'), file).toBe('function')
        expect(await view.evaluate('window.__pwned'), file).toBe(0)
        expect(dialogs, file).toEqual([])
        expect(await view.evaluate(`(${findScriptVectors.toString()})(document.body)`), file).toEqual([])
        expect(await view.evaluate('document.scripts.length'), file).toBe(0)
        const violations = (await view.evaluate('window.__violations ?? []')) as string[]
        expect(violations.filter((v) => v.startsWith('script')), file).toEqual([])
        // in-document links stay in the document
        expect(view.url().startsWith(pathToFileURL(join(dir, file)).href), file).toBe(true)
        await context.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  it('the document list and the admin page show payload titles and names as text', async () => {
    const { page, dialogs } = await openTrapped()
    await page.goto(server.url + '/')
    await page.locator(`tr[data-id="${doc}"] .doc-link`).waitFor()
    expect(await page.locator(`tr[data-id="${doc}"] .doc-link`).textContent()).toBe(XSS_PAYLOADS[0])
    await page.goto(server.url + '/admin')
    await page.locator('.users-table tbody tr').first().waitFor()
    await page.locator('.audit-panel li').first().waitFor()
    expect(await page.locator('.users-table').textContent()).toContain(XSS_NAME_PAYLOADS[2])
    expect(await page.evaluate('window.__pwned')).toBe(0)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(`(${findScriptVectors.toString()})(document.body)`)).toEqual([])
  }, 60_000)
})
