// The browser's client for the documents REST API (see the README's endpoint list).
import { toLogin } from './account-api.js'
import type { ClauseSearchResult } from './model/clauses/search.js'
import type { Clause } from './model/clauses/clause.js'
import type { DocumentView, SaveClauseRequest } from './model/api-views.js'

/** One document as the list and the editor know it. */
export type DocumentInfo = DocumentView

/** An error answered by the API: its status, its message and, when one field was at fault, that field. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string) {
    super(message)
    this.name = 'ApiError'
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.')
  }
  // the session ended (signed out elsewhere, disabled, expired): sign in again and come back
  if (res.status === 401) toLogin()
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = null
  try { data = text ? JSON.parse(text) : null } catch { /* a non-JSON body is reported below */ }
  if (!res.ok) {
    const err = (data ?? {}) as { error?: unknown; field?: unknown }
    const message = typeof err.error === 'string' ? err.error : `${method} ${path} failed with status ${res.status}`
    throw new ApiError(res.status, message, typeof err.field === 'string' ? err.field : undefined)
  }
  return data as T
}

const docPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`

/** All documents, newest updated first. */
export const listDocuments = () => request<DocumentInfo[]>('GET', '/api/documents')
/** Creates a document whose content starts as a new treaty with this title. */
export const createDocument = (title: string) => request<DocumentInfo>('POST', '/api/documents', { title })
/** One document's list entry; rejects with status 404 when it does not exist. */
export const getDocument = (id: string) => request<DocumentInfo>('GET', docPath(id))
/** Renames the list entry (the treaty's own title in its text is left as it is). */
export const renameDocument = (id: string, title: string) => request<DocumentInfo>('PATCH', docPath(id), { title })
/** Deletes a document and its stored content. */
export const deleteDocument = (id: string) => request<void>('DELETE', docPath(id))

// ---- clause library and templates (see server/http/routes/library.ts and templates.ts)

/** A search hit, facet counts and the clause in full, as the library API returns them. */
export type { ClauseHit, ClauseSearchResult, Facet } from './model/clauses/search.js'

/** A clause in full with where it came from ("library" files or "saved" in this instance). */
export interface ClauseDetail extends Clause {
  origin: 'library' | 'saved'
}

/** A template a new document can start from. */
export interface TemplateInfo {
  id: string
  title: string
  summary: string
  version: number
}

/** Ranked search with facets; empty filters are left out. */
export function searchClauses(query: { q?: string; category?: string; tag?: string; limit?: number }): Promise<ClauseSearchResult> {
  const params = new URLSearchParams()
  if (query.q?.trim()) params.set('q', query.q.trim())
  if (query.category) params.set('category', query.category)
  if (query.tag) params.set('tag', query.tag)
  if (query.limit !== undefined) params.set('limit', String(query.limit))
  const qs = params.toString()
  return request<ClauseSearchResult>('GET', `/api/library/clauses${qs ? `?${qs}` : ''}`)
}
/** One clause in full (variants, parameters, sources); rejects with status 404 when unknown. */
export const getClause = (id: string) => request<ClauseDetail>('GET', `/api/library/clauses/${encodeURIComponent(id)}`)
/** Saves a selection as a new clause of this instance's library. */
export const saveClause = (clause: SaveClauseRequest) => request<ClauseDetail>('POST', '/api/library/clauses', clause)
/** The templates a new document can start from. */
export const listTemplates = () => request<TemplateInfo[]>('GET', '/api/templates')
/** Creates a document built from template `template`. */
export const createDocumentFromTemplate = (title: string, template: string) => request<DocumentInfo>('POST', '/api/documents', { title, template })

// ---- exports (see server/http/routes/exports.ts)

/** A downloaded export: the file and the name the server gave it. */
export interface ExportedFile {
  blob: Blob
  filename: string
}

/** The file name in a Content-Disposition header (`filename*` first), or `fallback`. */
export function dispositionFilename(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try { return decodeURIComponent(star[1]!.trim()) } catch { /* fall through to the plain name */ }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback
}

/**
 * Exports document `id` as standalone HTML: `clean` leaves drafting notes out. Rejects with an
 * ApiError naming the problem (403 not allowed, 404 deleted, 0 unreachable).
 */
export async function exportHtml(id: string, clean: boolean): Promise<ExportedFile> {
  const path = `${docPath(id)}/export/html?clean=${clean ? '1' : '0'}`
  let res: Response
  try {
    res = await fetch(path)
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.')
  }
  if (res.status === 401) toLogin()
  if (!res.ok) {
    let message = `The export failed (status ${res.status}).`
    try {
      const err = await res.json() as { error?: unknown }
      if (typeof err.error === 'string') message = err.error
    } catch { /* not JSON: keep the status message */ }
    throw new ApiError(res.status, message)
  }
  return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('content-disposition'), 'treaty.html') }
}
