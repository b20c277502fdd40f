// Starts Chromium (playwright-core; the browser tests/setup/chromium.ts resolved) for the browser
// tests, with helpers to open Pacta's pages as a named user and to wait for the editor to be in sync.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { createDocument, startTestServer, type TestServer } from './server.js'
import { defaultCookies } from './sessions.js'
import { numberedUnits } from './markers.js'
import type { NumberedKind } from '../../editor/model/numbering.js'
import type { Role } from '../../editor/model/permissions.js'
import type { SidebarPanelId } from '../../editor/ui/sidebar-panels.js'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** The built editor the browser suites serve: dist/ (made by `npx vite build`), or STATIC_DIR. */
export const DIST = process.env.STATIC_DIR ?? resolve(import.meta.dirname, '../../dist')

/** Fails fast, naming the command to run, when the editor build lacks `page`. */
export function assertEditorBuilt(page = 'doc.html'): void {
  if (!existsSync(resolve(DIST, page))) throw new Error(`the editor is not built: run "npx vite build" first (no ${DIST}/${page})`)
}

/** Closes a browser suite's contexts, then Chromium, then the server; parts never opened are skipped. */
export async function closeBrowserSuite(contexts: Array<BrowserContext | undefined>, browser?: Browser, server?: TestServer): Promise<void> {
  for (const c of contexts) await c?.close().catch(() => {})
  await browser?.close()
  await server?.dispose()
}

/** What a browser suite shares: a server of the built editor, Chromium, and its pages' contexts and errors. */
export interface BrowserSuite {
  readonly server: TestServer
  readonly browser: Browser
  /** Closed after the suite (see trackedPage). */
  readonly contexts: BrowserContext[]
  /** Each page's console and page errors (see trackedPage). */
  readonly errors: string[][]
}

/**
 * Starts, before the calling file's tests, a server of the built editor and Chromium, and closes
 * them and every tracked context after them. Call at the top of a browser test file.
 */
export function browserSuite(): BrowserSuite {
  let server: TestServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  const errors: string[][] = []
  beforeAll(async () => {
    assertEditorBuilt('doc.html')
    server = await startTestServer({ staticDir: DIST })
    browser = await launchBrowser()
  })
  afterAll(() => closeBrowserSuite(contexts, browser, server))
  return {
    get server() { if (!server) throw new Error('the browser suite has not started'); return server },
    get browser() { if (!browser) throw new Error('the browser suite has not started'); return browser },
    contexts,
    errors,
  }
}

/** A browser suite with one person's page open in the editor on a new document. */
export interface EditorPageSuite {
  readonly suite: BrowserSuite
  readonly page: Page
  /** The page's console and page errors. */
  readonly errors: string[]
}

/**
 * Starts a browser suite and, before the calling file's tests, opens `name`'s page (their colour
 * chosen) in the editor on a new document titled `title`. Call at the top of a browser test file.
 */
export function editorPageSuite(name: string, color: string, title: string): EditorPageSuite {
  const suite = browserSuite()
  let page: Page | undefined
  let errors: string[] = []
  beforeAll(async () => {
    const context = await personContext(suite.browser, name, color)
    suite.contexts.push(context)
    page = await context.newPage()
    errors = collectErrors(page)
    await openEditor(page, suite.server.url, (await createDocument(suite.server, title)).id)
  })
  return {
    suite,
    get page() { if (!page) throw new Error('the editor page has not opened'); return page },
    get errors() { return errors },
  }
}

/** The Chromium to drive: the one tests/setup/chromium.ts found or installed before the suites started. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launches headless Chromium with the flags that keep it quiet and off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/**
 * A fresh browser context (its own storage, so two contexts are two people whose tabs cannot
 * talk to each other except through the server) in which the display name is already chosen.
 * With `server`, the person is an account there (created when new, username = the name in
 * lower case, display name = `name`) and signed in; without, the context is signed in as the
 * admin of every running test server.
 */
export async function personContext(browser: Browser, name: string, color = '#1f77b4', server?: TestServer): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  if (server) await signInContext(context, server, name)
  else {
    await context.addCookies(defaultCookies().map(([url, cookie]) => ({ name: 'pacta_session', value: cookie.split('=')[1]!, url })))
  }
  await context.addInitScript(([n, c]) => {
    localStorage.setItem('pacta.displayName', n!)
    localStorage.setItem('pacta.color', c!)
  }, [name, color])
  return context
}

/** Collects page errors and console errors, so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
  return errors
}

/**
 * Makes `name` (username its lower case) a member of document `id` in `role` and opens the
 * document in the editor on their page, tracked by `suite`.
 */
export async function memberPage(suite: BrowserSuite, id: string, name: string, role: Role, color: string): Promise<Page> {
  await suite.server.addMember(id, usernameOf(name), role, name)
  const page = await trackedPage(await personContext(suite.browser, name, color, suite.server), suite.contexts, suite.errors)
  await openEditor(page, suite.server.url, id)
  return page
}

/** Opens a page in `context`, remembering the context for closeBrowserSuite and the page's console errors in `errors`. */
export async function trackedPage(context: BrowserContext, contexts: BrowserContext[], errors: string[][]): Promise<Page> {
  contexts.push(context)
  const page = await context.newPage()
  errors.push(collectErrors(page))
  return page
}

/** Opens the editor for document `id` and waits until it shows the document and is connected. */
export async function openEditor(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/d/${encodeURIComponent(id)}`)
  await page.locator('.ProseMirror.treaty').waitFor()
  await waitConnected(page)
}

/** Waits until the connection indicator says the editor is connected and in sync. */
export async function waitConnected(page: Page): Promise<void> {
  await page.locator('.status[data-state="connected"]').waitFor()
}

/**
 * Shows the sidebar tab `panel` (outline, parameters, library, check, people, audit) as a click
 * on it does, and waits until its panel is visible: a panel's fields and buttons can be used only
 * while its tab is shown.
 */
export async function showPanel(page: Page, panel: SidebarPanelId): Promise<void> {
  await page.locator(`.sidebar-tab[data-panel="${panel}"]`).click()
  await page.locator(`.sidebar-panel[data-panel="${panel}"]`).waitFor()
}

/**
 * The text of every element matching `selector` as the page shows it: each numbered unit's number
 * (drawn by the stylesheet before the unit) before its text, the remote cursors' name labels left out.
 */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    const units = [...(el.matches('[data-marker]') ? [el] : []), ...el.querySelectorAll('[data-marker]')]
    const drawn = units.map((unit) => getComputedStyle(unit, '::before').content)
    const copy = el.cloneNode(true) as Element
    const copies = [...(copy.matches('[data-marker]') ? [copy] : []), ...copy.querySelectorAll('[data-marker]')]
    // a CSS string comes back quoted and escaped as JSON writes it
    copies.forEach((unit, i) => unit.prepend(drawn[i]!.startsWith('"') ? JSON.parse(drawn[i]!) as string : ''))
    copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((c) => c.remove())
    return copy.textContent ?? ''
  }))
}

/** The treaty's whole text as shown (numbers included, remote cursors left out). */
export async function treatyText(page: Page): Promise<string> {
  return (await texts(page, '.treaty'))[0] ?? ''
}

/**
 * Every unit number of `kind` as the page draws it, in document order ("Article 1", "1.", "(a)" …):
 * the generated content before each numbered unit, as the browser computes it.
 */
export function numbers(page: Page, kind: NumberedKind): Promise<string[]> {
  return page.locator(`.treaty ${numberedUnits(kind)}`).evaluateAll((els) => els.map((el) => {
    const content = getComputedStyle(el, '::before').content
    return content.startsWith('"') ? JSON.parse(content) as string : `(no number drawn: ${content})`
  }))
}

/** The text every cross-reference currently shows, in document order. */
export function xrefTexts(page: Page): Promise<string[]> {
  return page.locator('.treaty .xref').allTextContents()
}

/** Puts the cursor at the end of the text of the first element matching `selector` in the treaty. */
export async function caretAtEnd(page: Page, selector: string): Promise<void> {
  await page.locator(`.treaty ${selector}`).first().evaluate((el) => {
    const sel = window.getSelection()!
    const range = document.createRange()
    range.selectNodeContents(el)
    range.collapse(false)
    sel.removeAllRanges()
    sel.addRange(range)
  })
  await page.locator('.treaty').focus()
}


/** The username personContext gives `name`: lower case, spaces and other characters as hyphens. */
export const usernameOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 32)

/**
 * Signs `context` in at `server` as the person `name` (admin for 'admin'; otherwise the account
 * usernameOf(name), created with display name `name` when it does not exist yet).
 */
export async function signInContext(context: BrowserContext, server: TestServer, name: string): Promise<void> {
  const username = name === 'admin' ? 'admin' : usernameOf(name)
  let cookie: string
  try {
    cookie = await server.login(username)
  } catch {
    cookie = (await server.addUser(username, { displayName: name })).cookie
  }
  await context.clearCookies()
  await context.addCookies([{ name: 'pacta_session', value: cookie.split('=')[1]!, url: server.url }])
}
