// Private notes ("only me") in the review sidebar: the person's own notes, kept on their own
// notes channel (editor/collab/annotations.ts with kind 'notes'; the server never sends them to
// anyone else), highlighted apart from threads by a plugin of their own, and listed under the
// sidebar's "Only me" filter, where their writer edits and deletes them.
import { refusalOf } from './review-refusal.js'
import { PluginKey, TextSelection, type Transaction } from 'prosemirror-state'
import { Decoration, type EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { AnnotationError, addNote, deleteNote, editNote, notesOf, readNote, type NoteRecord, type NotesContext } from '../model/annotations/index.js'
import type { Role } from '../model/permissions.js'
import type { AnnotationsChannel } from '../collab/annotations.js'
import {
  focusHighlight, highlightsShape, orphanIds, reviewHighlightsPlugin, threadRange, threadRanges, threadsChanged, type ReviewHighlightsState,
} from '../plugins/review-highlights.js'
import { h, replaceChildren } from './dom.js'
import { renderBody } from './review-body.js'

/** The key of the private notes' highlights. */
export const privateNotesKey = new PluginKey<ReviewHighlightsState>('privateNotes')

/** What the notes list works with. */
export interface PrivateNotesOptions {
  /** The person's notes channel (kind 'notes'). */
  channel: AnnotationsChannel
  fragment: Y.XmlFragment
  /** The person's role in the document (null until known). */
  role(): Role | null
  /** Resolves once the server has stored every local change to the text (anchors must point at stored text). */
  contentStored(): Promise<void>
}

/** A note's highlight: its words marked in the note colour. */
function noteDecorations(id: string, range: { from: number; to: number }, _note: NoteRecord, focused: boolean): Decoration[] {
  const look = `review-note-mark${focused ? ' review-note-mark-focused' : ''}`
  return [Decoration.inline(range.from, range.to, { class: look, 'data-note': id }, { thread: id, look })]
}

const time = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** The notes list and its highlights; `attach` once the view exists. */
export function privateNotes(options: PrivateNotesOptions) {
  let view: EditorView | null = null
  let focused: string | null = null
  let scheduled = 0
  /** Notes being edited, with the text typed so far (kept across re-renders). */
  const edits = new Map<string, string>()

  const note = (id: string): NoteRecord | undefined => {
    const read = readNote(id, notesOf(options.channel.doc).get(id))
    return read.ok ? read.value : undefined
  }
  const plugin = reviewHighlightsPlugin<NoteRecord>({
    key: privateNotesKey,
    fragment: options.fragment,
    thread: note,
    threadIds: () => notesOf(options.channel.doc).keys(),
    decorate: noteDecorations,
    onClickThread: (id) => focus(id),
  })

  const ctx = (): NotesContext => {
    const role = options.role()
    if (!role) throw new AnnotationError('your role in this document is not known yet')
    return { notes: options.channel.doc, content: options.fragment, role }
  }
  const run = (op: (c: NotesContext) => void): string | null => refusalOf(ctx, op)

  const el = h('div', { class: 'review-notes', hidden: true })

  function card(n: NoteRecord, orphaned: boolean): HTMLElement {
    const c = h('article', { class: `review-note${focused === n.id ? ' is-focused' : ''}`, 'data-note': n.id, tabindex: -1 })
    c.addEventListener('click', (e) => { if (!(e.target as HTMLElement).closest('button, textarea, form, a')) reveal(n.id) })
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const show = (problem: string | null) => { error.hidden = problem === null; error.textContent = problem ?? '' }
    if (orphaned) c.append(h('p', { class: 'review-orphan-note' }, 'On deleted text'))
    c.append(
      h('blockquote', { class: 'review-quote' }, n.quote.text),
      h('div', { class: 'review-byline' }, h('span', { class: 'review-private-label' }, 'Only me'), ' ',
        h('time', { datetime: new Date(n.created).toISOString() }, time(n.created)),
        n.editedAt !== null ? h('span', { class: 'review-edited' }, ' (edited)') : null))
    if (edits.has(n.id)) {
      const area = h('textarea', { class: 'review-input', rows: 2, 'aria-label': 'Edit the note' })
      area.value = edits.get(n.id)!
      area.addEventListener('input', () => edits.set(n.id, area.value))
      const form = h('form', { class: 'review-form' }, area,
        h('div', { class: 'review-form-buttons' },
          h('button', { type: 'submit', class: 'review-submit' }, 'Save'),
          h('button', { type: 'button', class: 'review-cancel', onclick: () => { edits.delete(n.id); render() } }, 'Cancel')))
      form.addEventListener('submit', (e) => {
        e.preventDefault()
        const problem = run((x) => editNote(x, n.id, area.value))
        if (problem === null) { edits.delete(n.id); render() } else show(problem)
      })
      c.append(form)
    } else {
      c.append(renderBody(n.body), h('div', { class: 'review-actions' },
        h('button', { type: 'button', class: 'review-link-button review-edit', onclick: () => { edits.set(n.id, n.body); render(); el.querySelector<HTMLTextAreaElement>(`.review-note[data-note="${CSS.escape(n.id)}"] textarea`)?.focus() } }, 'Edit'),
        h('button', { type: 'button', class: 'review-link-button review-delete', onclick: () => show(run((x) => deleteNote(x, n.id))) }, 'Delete')))
    }
    c.append(error)
    return c
  }

  /** Rebuilds the list: notes in the order of their text, then those on deleted text. */
  function render() {
    scheduled = 0
    if (!view) return
    const cards: HTMLElement[] = []
    for (const { id } of threadRanges(view.state, privateNotesKey)) {
      const n = note(id)
      if (n) cards.push(card(n, false))
    }
    for (const id of orphanIds(view.state, privateNotesKey)) {
      const n = note(id)
      if (n) cards.push(card(n, true))
    }
    replaceChildren(el, ...(cards.length ? cards : [h('p', { class: 'review-empty' }, 'No private notes. Choose "Private note" when you comment to keep one only you can see.')]))
  }
  const schedule = () => { if (!scheduled) scheduled = requestAnimationFrame(render) }
  // what the highlights looked like when the list was last scheduled
  let shape = -1
  let lastOrphans: ReadonlySet<string> | null = null

  function focus(id: string | null) {
    focused = id
    if (view) view.dispatch(focusHighlight(view.state.tr, id, privateNotesKey))
    render()
  }

  function reveal(id: string) {
    if (!view) return
    focus(id)
    const range = threadRange(view.state, id, privateNotesKey)
    if (range) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView())
  }

  options.channel.on('change', (ids) => {
    if (view) view.dispatch(threadsChanged(view.state.tr, ids, privateNotesKey))
    schedule()
  })

  return {
    el,
    plugin,
    /**
     * Keeps a note on from..to (anchored where the text is once the server has stored it);
     * resolves to the refusal's reason, or null.
     */
    async add(at: () => { from: number; to: number }, body: string): Promise<string | null> {
      await options.contentStored()
      const problem = run((x) => { const { from, to } = at(); focused = addNote(x, from, to, body).id })
      schedule()
      return problem
    },
    attach(v: EditorView) {
      view = v
      schedule()
    },
    /** Follows the editor: the list is rebuilt when notes were highlighted, dropped or orphaned (their order may differ). */
    update(_tr: Transaction) {
      if (!view) return
      const now = highlightsShape(view.state, privateNotesKey)
      const orphans = orphanIds(view.state, privateNotesKey)
      if (now === shape && orphans === lastOrphans) return
      shape = now
      lastOrphans = orphans
      schedule()
    },
    /** Shows or hides the list (the sidebar's "Only me" filter). */
    show(on: boolean) {
      el.hidden = !on
    },
  }
}
