// The JSON shapes the REST API answers with: the server's services present these and the
// browser's API clients read them, so the two cannot drift apart.
import type { Role } from './permissions.js'

/** A document as the list and the editor know it. */
export interface DocumentView {
  id: string
  title: string
  createdAt: string
  updatedAt: string
  /** The asking user's role (for an admin who is not a member: null, with `adminAccess`). */
  role?: Role | null
  /** True when the user sees the document only because they are an instance admin. */
  adminAccess?: boolean
}

/** A member of a document. */
export interface MemberView {
  userId: string
  username: string
  displayName: string
  role: Role
  disabled: boolean
  addedAt: string
}

/** One audit log entry. */
export interface AuditView {
  seq: number
  at: string
  action: string
  actor: { id: string | null; name: string | null }
  documentId: string | null
  subject: { id: string | null; name: string | null } | null
  detail: Record<string, string | number | boolean | null> | null
  remote: string | null
}

/**
 * What POST /api/library/clauses takes (checked by server/http/routes/library.schema.ts): the
 * clause's metadata and its text, as `content` or as `body`.
 */
export interface SaveClauseRequest {
  id: string
  title: string
  category: string
  tags: string[]
  summary: string
  notes?: string
  sources?: unknown[]
  /** Declarations for the parameters the text uses; undeclared ones are taken from the library or made `text`. */
  parameters?: unknown[]
  /** The text: ProseMirror JSON of whole articles or of paragraphs … */
  content?: unknown[]
  /** … or a clause body in the Markdown syntax of clauses/README.md (with `inserts`). */
  body?: string
  inserts?: 'article' | 'paragraphs'
  /** The document the selection came from: the saver must be able to write it, and its title is named in the default source. */
  documentId?: string
  documentTitle?: string
}
