// Private notes ("only me"): kept in the person's own notes Y.Doc, synced on its own channel
// (/sync/<documentId>/notes, a room per document and person), never in the shared annotations
// Y.Doc. The same anchors as threads; a person may delete their notes outright (nobody else
// can have replied to them).
import * as Y from 'yjs'
import { newId } from '../ids.js'
import type { Role } from '../permissions.js'
import { anchorRange } from './anchors.js'
import { readNote } from './read.js'
import { NOTE_FIELDS, NOTES_MAP, type NoteRecord } from './records.js'
import { noteChangeProblemFor } from './rules.js'
import { AnnotationError, type ReviewContext } from './threads.js'
import { REVIEW_ORIGIN } from './store.js'

/** The notes map of a person's notes Y.Doc. */
export const notesOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTES_MAP)

/** Every note that reads, oldest first. */
export function listNotes(doc: Y.Doc): NoteRecord[] {
  const out: NoteRecord[] = []
  for (const [id, map] of notesOf(doc).entries()) {
    const read = readNote(id, map)
    if (read.ok) out.push(read.value)
  }
  return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1))
}

/** What note operations need: the person's notes Y.Doc, the treaty text, their role and a clock. */
export interface NotesContext {
  notes: Y.Doc
  content: Y.XmlFragment
  role: Role
  now?: () => number
}

function commit(ctx: NotesContext, before: NoteRecord | undefined, after: NoteRecord): NoteRecord {
  const noteCount = notesOf(ctx.notes).size + (before === undefined ? 1 : 0)
  const problem = noteChangeProblemFor(after.id, before, after, ctx.role, { now: Math.floor((ctx.now ?? Date.now)()), noteCount, content: ctx.content })
  if (problem) throw new AnnotationError(problem)
  ctx.notes.transact(() => {
    const notes = notesOf(ctx.notes)
    if (before === undefined) {
      const map = new Y.Map<unknown>()
      for (const field of NOTE_FIELDS) map.set(field, after[field])
      notes.set(after.id, map)
    } else {
      const map = notes.get(after.id) as Y.Map<unknown>
      map.set('body', after.body)
      map.set('editedAt', after.editedAt)
    }
  }, REVIEW_ORIGIN)
  return after
}

/** Adds a private note on from..to (a point when equal). */
export function addNote(ctx: NotesContext, from: number, to: number, body: string): NoteRecord {
  let placed
  try {
    placed = anchorRange(ctx.content, from, to)
  } catch (err) {
    throw new AnnotationError(`the anchor is outside the document: ${(err as Error).message}`)
  }
  return commit(ctx, undefined, { id: newId('note'), created: Math.floor((ctx.now ?? Date.now)()), ...placed, body, editedAt: null })
}

/** Changes a note's body. */
export function editNote(ctx: NotesContext, id: string, body: string): void {
  const read = readNote(id, notesOf(ctx.notes).get(id))
  if (!read.ok) throw new AnnotationError(`there is no note ${id.slice(0, 64)}`)
  commit(ctx, read.value, { ...read.value, body, editedAt: Math.floor((ctx.now ?? Date.now)()) })
}

/** Deletes a note outright. */
export function deleteNote(ctx: NotesContext, id: string): void {
  ctx.notes.transact(() => notesOf(ctx.notes).delete(id), REVIEW_ORIGIN)
}
