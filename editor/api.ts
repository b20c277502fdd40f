// The browser's client for the REST API: the one fetch layer every page uses (JSON in and out,
// errors as ApiError, a lost session sent to sign in), and the documents, library, templates and
// exports endpoints. Sessions, accounts, members and the audit log are in account-api.ts.
import type { ClauseQuery, ClauseSearchResult } from './model/clauses/search.js'
import type { ClauseDetail, DocumentView, ImportPreviewView, ImportResultView, LibraryFixesView, SaveClauseRequest, TemplateView } from './model/api-views.js'

/** One document as the list and the editor know it. */
export type DocumentInfo = DocumentView

/** A template a new document can start from. */
export type TemplateInfo = TemplateView

/**
 * An error answered by the API: its status (0 when the server could not be reached), its message
 * and, when one field was at fault, that field; `retryAfter` (seconds) when the server said when to try again.
 */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly retryAfter?: number) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function toLogin(): void {
  const here = location.pathname + location.search
  location.href = `/login?next=${encodeURIComponent(here)}`
}

/** How one request is sent and how its failure is told. */
interface RequestOptions {
  /** A JSON body. */
  body?: unknown
  /** Whether a 401 is the caller's to handle; otherwise the session is gone and the page goes to sign in. */
  allow401?: boolean
  /** The message of a failure whose body names none. */
  failure?: (status: number) => string
}

/** The ApiError for a failed response: the body's `error` and `field` when it is the API's JSON error. */
async function failureOf(res: Response, fallback: string): Promise<ApiError> {
  let body: { error?: unknown; field?: unknown } = {}
  try { body = (JSON.parse(await res.text()) ?? {}) as typeof body } catch { /* not JSON: the fallback message */ }
  const retry = Number(res.headers.get('retry-after'))
  return new ApiError(res.status, typeof body.error === 'string' ? body.error : fallback,
    typeof body.field === 'string' ? body.field : undefined, Number.isFinite(retry) && retry > 0 ? retry : undefined)
}

/** Sends one request and resolves with its successful response; rejects with an ApiError otherwise. */
async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const { body } = options
  let res: Response
  try {
    res = await fetch(path, {
      method, credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.')
  }
  // the session ended (signed out elsewhere, disabled, expired): sign in again and come back
  if (res.status === 401 && !options.allow401) toLogin()
  if (!res.ok) throw await failureOf(res, options.failure?.(res.status) ?? `${method} ${path} failed with status ${res.status}`)
  return res
}

/** A JSON request to the API: resolves with the answer's JSON (undefined for 204), rejects with an ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  try { return (text ? JSON.parse(text) : null) as T } catch { return null as T }
}

const docPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`

/** All documents, newest updated first. */
export const listDocuments = () => request<DocumentInfo[]>('GET', '/api/documents')
/** Creates a document whose content starts as a new treaty with this title. */
export const createDocument = (title: string) => request<DocumentInfo>('POST', '/api/documents', { body: { title } })
/** One document's list entry; rejects with status 404 when it does not exist. */
export const getDocument = (id: string) => request<DocumentInfo>('GET', docPath(id))
/** Renames the list entry (the treaty's own title in its text is left as it is). */
export const renameDocument = (id: string, title: string) => request<DocumentInfo>('PATCH', docPath(id), { body: { title } })
/** Deletes a document and its stored content. */
export const deleteDocument = (id: string) => request<void>('DELETE', docPath(id))

// ---- imports (see server/http/routes/imports.ts): the file is the request body, its name in the query

/** Sends `file` to an import endpoint and resolves with the answer's JSON; rejects with an ApiError naming what was wrong. */
async function sendFile<T>(path: string, file: File, title?: string): Promise<T> {
  const query = new URLSearchParams({ filename: file.name })
  if (title?.trim()) query.set('title', title.trim())
  let res: Response
  try {
    res = await fetch(`${path}?${query}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream' }, body: file })
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.')
  }
  if (res.status === 401) toLogin()
  if (!res.ok) throw await failureOf(res, `the import failed with status ${res.status}`)
  return (await res.json()) as T
}
/** What importing `file` would give (its report), without creating anything. */
export const previewImport = (file: File) => sendFile<ImportPreviewView>('/api/documents/import/preview', file)
/** Creates a document from `file`, titled `title` or by the file. */
export const importDocument = (file: File, title?: string) => sendFile<ImportResultView>('/api/documents/import', file, title)

// ---- clause library and templates (see server/http/routes/library.ts and templates.ts)

/** A search hit, facet counts and the clause in full, as the library API returns them. */
export type { ClauseHit, ClauseSearchResult, Facet } from './model/clauses/search.js'
export type { ClauseDetail } from './model/api-views.js'

/** Ranked search with facets; empty filters are left out. */
export function searchClauses(query: ClauseQuery): Promise<ClauseSearchResult> {
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
/** Which library clauses define terms and establish bodies (the fixes the Check offers). */
export const getLibraryFixes = () => request<LibraryFixesView>('GET', '/api/library/fixes')
/** Saves a selection as a new clause of this instance's library. */
export const saveClause = (clause: SaveClauseRequest) => request<ClauseDetail>('POST', '/api/library/clauses', { body: clause })
/** The templates a new document can start from. */
export const listTemplates = () => request<TemplateInfo[]>('GET', '/api/templates')
/** Creates a document built from template `template`. */
export const createDocumentFromTemplate = (title: string, template: string) => request<DocumentInfo>('POST', '/api/documents', { body: { title, template } })

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

/** The formats the server exports to (server/services/exports.ts). */
export type ExportFormat = 'html' | 'akn' | 'markdown' | 'docx' | 'pdf'

/** The download name a format's file falls back to. */
const FALLBACK_NAME: Record<ExportFormat, string> = { html: 'treaty.html', akn: 'treaty.akn.xml', markdown: 'treaty.md', docx: 'treaty.docx', pdf: 'treaty.pdf' }

/**
 * Exports document `id` in `format`: `clean` leaves drafting notes out; `final` (conveners) is
 * refused while the check finds errors; `comments` (HTML) adds the comment threads beside their
 * text. Rejects with an ApiError naming the problem.
 */
export async function exportDocument(id: string, format: ExportFormat, options: { clean: boolean; final?: boolean; comments?: boolean }): Promise<ExportedFile> {
  const query = `clean=${options.clean ? '1' : '0'}${options.final ? '&final=1' : ''}${options.comments ? '&comments=1' : ''}`
  const res = await send('GET', `${docPath(id)}/export/${format}?${query}`, { failure: (status) => `The export failed (status ${status}).` })
  return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('content-disposition'), FALLBACK_NAME[format]) }
}
