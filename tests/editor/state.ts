// Builds editor states for the command tests: a treaty document, the treaty plugins, and a cursor placed by text.
import { EditorState, TextSelection, type Command, type Plugin } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { schema } from '../../editor/model/schema.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { numberingPlugin } from '../../editor/plugins/numbering.js'
import { xrefsPlugin } from '../../editor/plugins/xrefs.js'
import { parametersPlugin } from '../../editor/plugins/parameters.js'

/** A state over `doc` with the numbering, cross-reference and parameter plugins (no Yjs). */
export function stateOf(doc: Node, extra: Plugin[] = []): EditorState {
  return EditorState.create({ schema, doc, plugins: [numberingPlugin(), xrefsPlugin(), parametersPlugin(null), ...extra] })
}

/** The position just before `offset` characters into the first occurrence of `text` (default: its start). */
export function posOf(doc: Node, text: string, offset = 0): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text) + offset
    return true
  })
  if (found < 0) throw new Error(`text "${text}" not in document`)
  return found
}

/** `state` with the cursor inside `text` (at `offset` within it; -1 for its end). */
export function at(state: EditorState, text: string, offset = 0): EditorState {
  const pos = offset < 0 ? posOf(state.doc, text, text.length) : posOf(state.doc, text, offset)
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)))
}

/** `state` with the cursor at position `pos`. */
export function atPos(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)))
}

/** Runs `command` on `state`; returns the new state, or throws when the command does not apply. */
export function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null
  const applied = command(state, (tr) => { next = state.apply(tr) })
  if (!applied || !next) throw new Error('command did not apply')
  return next
}

/** The "ref" of every article, paragraph and sub-paragraph in document order, as the numbering module gives it. */
export function refs(doc: Node): string[] {
  return [...numberTreaty(doc).byPos.values()].filter((l) => l.kind !== 'part' && l.kind !== 'annex').map((l) => l.ref)
}

/** The article headings in document order. */
export function articleHeadings(doc: Node): string[] {
  const out: string[] = []
  doc.descendants((node) => {
    if (node.type.name === 'article') { out.push(node.firstChild?.textContent ?? ''); return false }
    return true
  })
  return out
}

/** The `id` of the node of type `type` that holds `text`. */
export function idAround(doc: Node, text: string, type: string): string {
  const $pos = doc.resolve(posOf(doc, text))
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name === type) return String($pos.node(d).attrs.id)
  throw new Error(`no ${type} around "${text}"`)
}
