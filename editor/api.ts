// The browser's client for the documents REST API (see the README's endpoint list).

/** One document as the list and the editor know it. */
export interface DocumentInfo {
  id: string
  title: string
  createdAt: string
  updatedAt: string
}

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
