// Who may do what in one document: the roles table of the README as functions, shared by editor and server.
//
// The server enforces these where the bytes arrive (sync layer and REST); the editor uses the
// same answers only as a courtesy (read-only views, hidden buttons).

/** A person's role in one document. */
export type Role = 'convener' | 'drafter' | 'reviewer' | 'observer'

/** Every role, most powerful first. */
export const ROLES: readonly Role[] = Object.freeze(['convener', 'drafter', 'reviewer', 'observer'] as const)

/**
 * The Y.Docs of a document: treaty content, review annotations (threads, suggestions), and each
 * member's private notes (one Y.Doc per person, synced to nobody else).
 */
export type DocChannel = 'content' | 'annotations' | 'notes'

/** True when `value` names a role (for parsing stored or submitted values). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Every member may read the document (content and annotations), live. */
export function canRead(_role: Role): boolean {
  return true
}

/** Edit text and structure, insert clauses, fill parameters: conveners and drafters. */
export function canWriteContent(role: Role): boolean {
  return role === 'convener' || role === 'drafter'
}

/** Comment, propose suggestions, resolve own threads: everyone but observers. */
export function canWriteAnnotations(role: Role): boolean {
  return role !== 'observer'
}

/** Whether `role` may change the Y.Doc of `channel` (the sync layer's one question). */
export function canWriteChannel(role: Role, channel: DocChannel): boolean {
  return channel === 'content' ? canWriteContent(role) : channel === 'annotations' ? canWriteAnnotations(role) : canWriteNotes(role)
}

/** Accept or reject reviewers' suggestions (which changes the text): conveners and drafters. */
export function canResolveSuggestions(role: Role): boolean {
  return canWriteContent(role)
}

/** Resolve, reopen and assign anyone's comment thread (others resolve and assign their own): conveners and drafters. */
export function canResolveAnyThread(role: Role): boolean {
  return canWriteContent(role)
}

/** Delete anyone's thread (others delete their own) and dismiss orphaned threads: conveners. */
export function canModerateThreads(role: Role): boolean {
  return role === 'convener'
}

/** Keep private notes ("only me") on the document: every member, observers too, since nobody else sees them. */
export function canWriteNotes(_role: Role): boolean {
  return true
}

/** Add and remove members and change their roles: conveners. */
export function canManageMembers(role: Role): boolean {
  return role === 'convener'
}

/** Name, lock and restore versions: conveners. */
export function canManageVersions(role: Role): boolean {
  return role === 'convener'
}

/** Export final drafts: conveners. */
export function canExportFinal(role: Role): boolean {
  return role === 'convener'
}

/** Rename the document in the list: conveners. */
export function canRename(role: Role): boolean {
  return role === 'convener'
}

/** Delete the document: conveners. */
export function canDelete(role: Role): boolean {
  return role === 'convener'
}

/** Publish presence (cursor, name) while connected: every member. */
export function canPublishPresence(_role: Role): boolean {
  return true
}
