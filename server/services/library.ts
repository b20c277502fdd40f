// The clause library use cases: load the clauses/ files at start (bad files logged and skipped)
// with this instance's saved clauses, load them again when the files change, search them, read
// one, and save a selection as a new clause. No SQL and no HTTP here.
import { resolve } from 'node:path'
import { Schema, type Node } from 'prosemirror-model'
import type { ClauseDetail, SaveClauseRequest } from '../../editor/model/api-views.js'
import { schema } from '../../editor/model/schema.js'
import { PLACEHOLDER, validateClause, type Clause, type ClauseParameter, type LegalStandard, type LibraryError } from '../../editor/model/clauses/index.js'
import { ClauseIndex, type ClauseOrigin, type ClauseQuery, type ClauseSearchResult } from '../../editor/model/clauses/search.js'
import { libraryFixIndex, libraryLookup, type LibraryFixIndex } from '../../editor/model/lint/library-fixes.js'
import type { LibraryLookup } from '../../editor/model/lint/finding.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import { loadClauses } from '../library/load-clauses.js'
import { parameterConflicts } from '../library/consistency.js'
import type { SavedClauseStore } from '../store/saved-clauses.js'
import { ClauseMarkdownError, nodesToClauseBody } from './library-markdown.js'

/** Where the library is read from, and what it is stored and logged with. */
export interface LibraryOptions {
  /** Folder holding clauses/ (and templates/). */
  root: string
  store: SavedClauseStore
  log: Logger
}

const humanise = (name: string) => (name.charAt(0).toUpperCase() + name.slice(1)).replace(/_/g, ' ')

/** What one reading of the library found. */
export interface LibraryCounts {
  clauses: number
  saved: number
  problems: number
}

/** The searchable library: shipped clause files plus clauses saved in this instance. */
export class LibraryService {
  /** The clauses that define terms and establish bodies, built on first use from the files as last read. */
  private fixIndex: LibraryFixIndex | null = null
  private fixLookup: LibraryLookup | null = null

  private constructor(
    private readonly root: string,
    private index: ClauseIndex,
    private files: ReadonlyMap<string, Clause>,
    private standard: LegalStandard,
    private readonly store: SavedClauseStore,
    private readonly log: Logger,
  ) {}

  /** Loads clauses/ under `root` and the saved clauses; never throws for a bad file or row. */
  static async load({ root, store, log }: LibraryOptions): Promise<LibraryService> {
    const { index, files, standard, counts } = await LibraryService.read(root, store, log)
    log.info('clause library loaded', { ...counts })
    return new LibraryService(root, index, files, standard, store, log)
  }

  /** The shipped clauses by id, as last read (templates are built from these). */
  get fileClauses(): ReadonlyMap<string, Clause> {
    return this.files
  }

  /**
   * Reads clauses/ and the saved clauses again and serves the result from then on, as a start
   * would: a file that became invalid is logged and left out, a fixed one comes back. A clause
   * saved while the files were being read is kept. Never throws for a bad file or row.
   */
  async reload(): Promise<LibraryCounts> {
    const { index, files, standard, counts } = await LibraryService.read(this.root, this.store, this.log)
    for (const id of this.index.ids('saved')) {
      const clause = this.index.get(id)
      if (clause && !index.get(id)) { index.add(clause, 'saved'); counts.saved++ }
    }
    this.index = index
    this.files = files
    this.fixIndex = null
    this.fixLookup = null
    this.standard = standard
    this.log.info('clause library reloaded', { ...counts })
    return counts
  }

  private static async read(root: string, store: SavedClauseStore, log: Logger) {
    const files = await loadClauses(resolve(root, 'clauses'))
    const problems: LibraryError[] = [...files.errors, ...parameterConflicts(files.clauses, files.pathOf)]
    for (const e of problems) log.warn('library file skipped or inconsistent', { path: e.path, field: e.field, problem: e.message })
    const index = new ClauseIndex(files.clauses, 'library')
    let saved = 0
    for (const row of await store.listSavedClauses()) {
      let raw: unknown
      try { raw = JSON.parse(row.data) } catch { log.warn('saved clause unreadable', { id: row.id }); continue }
      const result = validateClause(raw, `saved/${row.id}`, 1, files.standard)
      if (result.errors) { for (const e of result.errors) log.warn('saved clause skipped', { path: e.path, field: e.field, problem: e.message }); continue }
      if (index.get(result.clause.id)) { log.warn('saved clause hidden by a library clause with the same id', { id: result.clause.id }); continue }
      index.add(result.clause, 'saved')
      saved++
    }
    const counts: LibraryCounts = { clauses: files.clauses.length, saved, problems: problems.length }
    return { index, files: files.byId as ReadonlyMap<string, Clause>, standard: files.standard, counts }
  }

  /** Ranked search with facets (see editor/model/clauses/search.ts). */
  search(query: ClauseQuery): ClauseSearchResult {
    return this.index.search(query)
  }

  /**
   * Which shipped clause defines each term and which establish bodies: the fixes the Check offers
   * for an undefined term or an unestablished body (clauses saved in this instance are not offered).
   */
  fixes(): LibraryFixIndex {
    this.fixIndex ??= libraryFixIndex(this.files.values())
    return this.fixIndex
  }

  /** The same, as the lint rules look fixes up (for the lint endpoint and final exports). */
  fixesLookup(): LibraryLookup {
    this.fixLookup ??= libraryLookup(this.fixes())
    return this.fixLookup
  }

  /** The clause `id` (library file or this instance's own), or undefined when there is none. */
  find(id: string): Clause | undefined {
    return this.index.get(id)
  }

  /** One clause in full; 404 when unknown. */
  get(id: string): ClauseDetail {
    const clause = this.index.get(id)
    if (!clause) throw AppError.notFound(`no clause "${id.slice(0, 100)}" in the library`)
    return { ...clause, origin: this.index.originOf(id) ?? 'library' }
  }

  /**
   * Saves a new clause in this instance's library: writes the text in the clause syntax,
   * validates it as a clause file would be, stores it, and makes it searchable at once.
   * 400 naming the problem for an empty text, a duplicate id or any invalid field.
   */
  async save(input: SaveClauseRequest, createdBy: string | null = null): Promise<ClauseDetail> {
    if (this.index.get(input.id)) {
      throw AppError.badInput(`id "${input.id}" is already used by ${this.index.originOf(input.id) === 'saved' ? 'a saved clause' : 'a library clause'}; choose another`, 'id')
    }
    let body: string
    let inserts: 'article' | 'paragraphs'
    let used: string[]
    if (input.content !== undefined) {
      const nodes = parseContent(input.content)
      try { ({ body, inserts, parameters: used } = nodesToClauseBody(nodes)) } catch (e) {
        if (e instanceof ClauseMarkdownError) throw AppError.badInput(e.message, 'content')
        throw e
      }
    } else {
      body = input.body ?? ''
      if (!body.trim()) throw AppError.badInput('the clause has no text: send the selection as "content" or the text as "body"', 'body')
      inserts = input.inserts ?? (/^\s*###\s/m.test(body) ? 'article' : 'paragraphs')
      used = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!)
    }

    const declared = new Map<string, unknown>()
    for (const p of input.parameters ?? []) {
      const name = (p as { name?: unknown } | null)?.name
      if (typeof name === 'string') declared.set(name, p)
    }
    const parameters: unknown[] = [...new Set(used)].map((name) => declared.get(name) ?? this.parameterLike(name))
    const raw = {
      id: input.id,
      title: input.title,
      category: input.category,
      tags: input.tags,
      version: 1,
      summary: input.summary,
      inserts,
      ...(parameters.length ? { parameters } : {}),
      sources: input.sources?.length ? input.sources : [{
        instrument: `Own drafting, saved in Pacta${input.documentTitle ? ` from “${input.documentTitle}”` : ''}`,
        section: 'whole text',
      }],
      ...(input.notes ? { notes: input.notes } : {}),
      body,
    }
    const result = validateClause(raw, `saved/${input.id}`, 1, this.standard)
    if (result.errors) {
      const first = result.errors[0]!
      const field = first.field === 'body' && input.content !== undefined ? 'content' : first.field
      throw AppError.badInput(`${first.field}: ${first.message}`, field)
    }
    const stored = await this.store.insertSavedClause({ id: input.id, data: JSON.stringify(raw), createdBy, createdAt: Date.now() })
    if (!stored) throw AppError.badInput(`id "${input.id}" is already used by a saved clause; choose another`, 'id')
    this.index.add(result.clause, 'saved')
    this.log.info('clause saved', { id: input.id, by: createdBy })
    return { ...result.clause, origin: 'saved' }
  }

  /** The declaration a library clause gives `name` (names are document-wide), else a plain text parameter. */
  private parameterLike(name: string): ClauseParameter {
    for (const c of this.fileClauses.values()) {
      const p = c.parameters.find((q) => q.name === name)
      if (p) return p
    }
    return { name, label: humanise(name), type: 'text', required: false }
  }
}

/** Reads the ProseMirror JSON of a selection into treaty nodes; 400 naming what is wrong. */
function parseContent(content: unknown[]): Node[] {
  if (content.length === 0) throw AppError.badInput('the clause has no text: the selection is empty', 'content')
  if (content.length > 200) throw AppError.badInput('the selection is too large to save as one clause (at most 200 articles or paragraphs)', 'content')
  return content.map((json, i) => {
    try {
      const node = (schema as Schema).nodeFromJSON(json)
      node.check()
      return node
    } catch (e) {
      throw AppError.badInput(`content[${i}] is not a treaty node: ${(e as Error).message}`, 'content')
    }
  })
}
