// The JSON shapes the REST API answers with: the server's services present these and the
// browser's API clients read them, so the two cannot drift apart.
import type { Role } from './permissions.js'
import type { Clause } from './clauses/clause.js'
import type { ClauseOrigin } from './clauses/search.js'
import type { LintFinding } from './lint/index.js'
import type { LibraryFixIndex } from './lint/library-fixes.js'

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

/** The signed-in person, as GET /api/session tells the page. */
export interface SessionView {
  id: string
  username: string
  displayName: string
  isAdmin: boolean
  mustChangePassword: boolean
}

/** An account as the admin's API presents it (never the hash). */
export interface UserView extends SessionView {
  disabled: boolean
  createdAt: string
}

/** A new or reset account, with its temporary password: shown once, never stored in the clear. */
export interface TemporaryPasswordView {
  user: UserView
  temporaryPassword: string
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

/** The longest text GET /api/documents/:id/members/candidates searches for (no display name is longer). */
export const MAX_ACCOUNT_QUERY = 80

/** The most accounts one search for people to add answers with. */
export const MAX_ACCOUNT_MATCHES = 10

/**
 * An account found by GET /api/documents/:id/members/candidates?q=: whom the members dialog
 * offers as the convener types. `role` is their role in the document when they are already a member.
 */
export interface AccountMatchView {
  userId: string
  username: string
  displayName: string
  role: Role | null
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

/** A clause in full (variants, parameters, sources …) and where it came from: the library files or this instance. */
export interface ClauseDetail extends Clause {
  origin: ClauseOrigin
}

/** What GET /api/library/fixes answers: which clause defines each term, and which establish bodies. */
export type LibraryFixesView = LibraryFixIndex

/** A template a new document can start from. */
export interface TemplateView {
  id: string
  title: string
  summary: string
  version: number
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

/** What GET /api/documents/:id/lint answers: the pre-export check's findings, in document order. */
export interface LintView {
  findings: LintFinding[]
  errors: number
  warnings: number
}

/** What an import recognised in a file, counted as the treaty's units. */
export interface ImportCounts {
  parts: number
  chapters: number
  sections: number
  articles: number
  /** Numbered paragraphs ("1.", "1)") and the unnumbered text of an article that has none. */
  paragraphs: number
  /** Sub-paragraphs "(a)", "(i)" … at any level. */
  items: number
  recitals: number
  annexes: number
  /** Signature blocks of the conclusion. */
  signatures: number
  /** Headings without a number of their own ("Composition", "Subsection A"), kept as headings in their division. */
  subheadings: number
}

/** One piece of the file that was not recognised as treaty structure, and what became of it. */
export interface ImportFallback {
  /** The start of its text (at most 80 characters). */
  text: string
  /** Why it fell back, and what it became ("kept as a plain paragraph", "kept as a drafting note"). */
  reason: string
}

/** What an importer reports: what it recognised and each piece that fell back. */
export interface ImportReport {
  /** The format the file was read as: "markdown", "text", "akn" or "docx". */
  format: string
  /** The title found in the file ('' when none). */
  title: string
  counts: ImportCounts
  fallbacks: ImportFallback[]
}

/** What POST /api/documents/import/preview answers: the report and a short outline, nothing created. */
export interface ImportPreviewView {
  report: ImportReport
  /** The title the document would get. */
  title: string
  /** The first article headings as the document would number them ("Article 1 — Purpose"), at most 20. */
  outline: string[]
}

/** What POST /api/documents/import answers: the new document and the report of its import. */
export interface ImportResultView {
  document: DocumentView
  report: ImportReport
}
