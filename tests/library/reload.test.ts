// The library read again while the server runs: a clause file edited, broken, fixed, added or
// removed, and a template edited, show in the API within a few seconds, without a restart; a
// clause saved in this instance stays, even one saved while the files were being read;
// LIBRARY_WATCH=false keeps what was read at start.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.js'
import { LibraryService } from '../../server/services/library.js'
import type { SavedClauseRecord, SavedClauseStore } from '../../server/store/saved-clauses.js'
import { createDocument, jsonInit, startTestServer, type TestServer } from '../helpers/server.js'

const REPO = resolve(import.meta.dirname, '../..')
const POLL = { timeout: 8_000, interval: 50 }
const CLAUSE = 'clauses/amnesty/amnesty-exclusions.md'

/** A copy of the repository's clauses/ and templates/ that a test may change. */
function libraryCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'pacta-library-'))
  cpSync(join(REPO, 'clauses'), join(root, 'clauses'), { recursive: true })
  cpSync(join(REPO, 'templates'), join(root, 'templates'), { recursive: true })
  return root
}

/** The title `t` serves for clause `id`, or the status when it serves none. */
async function titleAt(t: TestServer, id: string): Promise<string | number> {
  const res = await t.request(`/api/library/clauses/${id}`)
  return res.status === 200 ? ((await res.json()) as { title: string }).title : res.status
}

describe('the library, watched', () => {
  let root: string
  let t: TestServer
  const title = (id: string) => titleAt(t, id)

  beforeAll(async () => {
    root = libraryCopy()
    t = await startTestServer({}, undefined, { libraryRoot: root })
  })
  afterAll(async () => {
    await t?.dispose()
    rmSync(root, { recursive: true, force: true })
  })

  it('serves an edited clause file without a restart', async () => {
    const original = readFileSync(join(root, CLAUSE), 'utf8')
    const before = await title('amnesty-exclusions')
    writeFileSync(join(root, CLAUSE), original.replace(/^title: .*$/m, 'title: Crimes excluded from any amnesty'))
    await expect.poll(() => title('amnesty-exclusions'), POLL).toBe('Crimes excluded from any amnesty')
    expect(before).not.toBe('Crimes excluded from any amnesty')
    expect(t.logs.some((l) => l.message === 'clause library reloaded')).toBe(true)
  })

  it('leaves out a file made invalid, naming it and the field, keeps the others, and takes it back once fixed', async () => {
    const good = readFileSync(join(root, CLAUSE), 'utf8')
    writeFileSync(join(root, CLAUSE), good.replace(/^category: .*$/m, 'category: nowhere'))
    await expect.poll(() => title('amnesty-exclusions'), POLL).toBe(404)
    const warning = t.logs.find((l) => l.message === 'library file skipped or inconsistent' && String(l.fields?.path ?? '').endsWith('amnesty-exclusions.md'))
    expect(warning?.fields).toMatchObject({ field: 'category' })
    expect(await title('conditional-amnesty')).toBe('Conditional amnesty')
    writeFileSync(join(root, CLAUSE), good)
    await expect.poll(() => title('amnesty-exclusions'), POLL).toBe('Crimes excluded from any amnesty')
  })

  it('adds a new file and drops a deleted one', async () => {
    const copy = readFileSync(join(root, CLAUSE), 'utf8').replace(/^id: .*$/m, 'id: amnesty-exclusions-short').replace(/^title: .*$/m, 'title: Short exclusions')
    writeFileSync(join(root, 'clauses/amnesty/amnesty-exclusions-short.md'), copy)
    await expect.poll(() => title('amnesty-exclusions-short'), POLL).toBe('Short exclusions')
    unlinkSync(join(root, 'clauses/amnesty/amnesty-exclusions-short.md'))
    await expect.poll(() => title('amnesty-exclusions-short'), POLL).toBe(404)
  })

  it('keeps a clause saved in this instance across a reload', async () => {
    const { id: documentId } = await createDocument(t, 'Saved clause source')
    const saved = await t.request('/api/library/clauses', jsonInit('POST', {
      documentId,
      id: 'own-safe-passage', title: 'Own safe passage', category: 'protection', tags: ['CprFmov'], summary: 'Passage for delegates.',
      body: '### Safe passage\n\n1. Delegates travel freely to and from the talks.\n',
    }))
    expect(saved.status).toBe(201)
    const original = readFileSync(join(root, CLAUSE), 'utf8')
    writeFileSync(join(root, CLAUSE), original.replace(/^title: .*$/m, 'title: Exclusions from amnesty'))
    await expect.poll(() => title('amnesty-exclusions'), POLL).toBe('Exclusions from amnesty')
    expect(await title('own-safe-passage')).toBe('Own safe passage')
  })

  it('serves an edited template without a restart', async () => {
    const file = join(root, 'templates/ceasefire-agreement.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: 1$/m, 'version: 2'))
    const version = async () => {
      const list = (await (await t.request('/api/templates')).json()) as { id: string; version: number }[]
      return list.find((x) => x.id === 'ceasefire-agreement')?.version
    }
    await expect.poll(version, POLL).toBe(2)
  })
})

describe('the library, not watched', () => {
  // A watched server over the same files, in the same process, is the witness: once it serves the
  // new title the change has been noticed and read, and a watcher of the other server would have
  // been told of it at the same moment (both would listen through this process's one event loop).
  it('with LIBRARY_WATCH=false keeps serving what it read at start, while a watched server reads the change', async () => {
    const root = libraryCopy()
    const unwatched = await startTestServer({ libraryWatch: false }, undefined, { libraryRoot: root })
    const watched = await startTestServer({}, undefined, { libraryRoot: root })
    try {
      const original = readFileSync(join(root, CLAUSE), 'utf8')
      writeFileSync(join(root, CLAUSE), original.replace(/^title: .*$/m, 'title: Changed on disk'))
      await expect.poll(() => titleAt(watched, 'amnesty-exclusions'), POLL).toBe('Changed on disk')
      expect(await titleAt(unwatched, 'amnesty-exclusions')).not.toBe('Changed on disk')
      expect(unwatched.logs.some((l) => l.message === 'clause library reloaded')).toBe(false)
    } finally {
      await watched.dispose()
      await unwatched.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('a reload racing a save', () => {
  it('keeps a clause saved while the library was being read', async () => {
    const rows: SavedClauseRecord[] = []
    let hold: Promise<void> | null = null
    let listing = () => {}
    const store: SavedClauseStore = {
      // The rows as they were when asked for, handed back only once the test lets go.
      listSavedClauses: async () => { const snapshot = [...rows]; listing(); await hold; return snapshot },
      insertSavedClause: async (record) => { rows.push(record); return true },
    }
    const library = await LibraryService.load({ root: REPO, store, log: createLogger('silent') })
    let release!: () => void
    hold = new Promise((r) => { release = r })
    const listed = new Promise<void>((r) => { listing = r })
    const reloading = library.reload()
    await listed
    await library.save({
      id: 'saved-meanwhile', title: 'Saved meanwhile', category: 'protection', tags: ['CprFmov'], summary: 'Saved during a reload.',
      body: '### Passage\n\n1. Delegates travel freely.\n',
    })
    release()
    expect(await reloading).toMatchObject({ saved: 1 })
    expect(library.get('saved-meanwhile')).toMatchObject({ title: 'Saved meanwhile', origin: 'saved' })
  })
})
