// `npm run import -- FILE --title T`: imports into the data directory a server then serves, with the
// same service as the API; a bad file is refused with its message and creates nothing.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { PDF } from './bad-files.js'

const ROOT = resolve(import.meta.dirname, '../..')
const CHARTER = resolve(ROOT, 'tests/fixtures/corpus/un-charter-1945.en.md')
const run = promisify(execFile)

let t: TestServer
beforeAll(async () => {
  // a first start creates the admin account, who will own what the command imports
  t = await startTestServer()
  await t.stop()
}, 30_000)
afterAll(async () => { await t?.dispose() })

const importCli = (args: string[]) =>
  run('npm', ['run', '--silent', 'import', '--', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn' } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))

describe('npm run import', () => {
  it('imports a file with the given title, prints the report, and the server then lists and serves it', { timeout: 60_000 }, async () => {
    const out = await importCli([CHARTER, '--title', 'UN Charter (imported)'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect(out.stdout).toContain('recognised: 0 parts, 19 chapters, 0 sections, 111 articles, 129 numbered paragraphs')
    const id = /created "UN Charter \(imported\)" \(([\w-]+)\), owned by admin/.exec(out.stdout)?.[1]
    expect(id).toBeDefined()
    t = await t.restart()
    const docs = (await (await t.request('/api/documents')).json()) as Array<{ id: string; title: string; role: string }>
    expect(docs.find((d) => d.id === id)).toMatchObject({ title: 'UN Charter (imported)', role: 'convener' })
    const md = await (await t.request(`/api/documents/${id}/export/markdown?clean=1`)).text()
    expect(md).toContain('### Article 111')
    await t.stop()
  })

  it('refuses a bad file with its message, exits 1, and stores nothing', { timeout: 60_000 }, async () => {
    const fake = join(t.dataDir, 'fake.docx')
    writeFileSync(fake, PDF)
    t = await t.restart()
    const before = await storeFingerprint(t.server.store)
    await t.stop()
    const out = await importCli([fake])
    expect(out.code).toBe(1)
    expect(out.stderr).toBe('import refused: the file is not a Word document: a .docx is a ZIP package, and this file is a PDF\n')
    t = await t.restart()
    expect(await storeFingerprint(t.server.store)).toBe(before)
    await t.stop()
  })

  it('previews without creating anything with --preview', { timeout: 30_000 }, async () => {
    const out = await importCli([CHARTER, '--preview'])
    expect(out.code).toBe(0)
    expect(out.stdout).toContain('would be created as "Charter of the United Nations"')
    t = await t.restart()
    const titles = ((await (await t.request('/api/documents')).json()) as Array<{ title: string }>).map((d) => d.title)
    expect(titles).not.toContain('Charter of the United Nations')
    await t.stop()
  })

  it('explains how it is used when no file is named', { timeout: 30_000 }, async () => {
    const out = await importCli([])
    expect(out.code).toBe(2)
    expect(out.stderr).toContain('usage: npm run import -- FILE [--title TITLE]')
  })
})
