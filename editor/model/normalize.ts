// Restores the treaty's shape after any change, local or merged from a collaborator.
//
// The schema accepts every merge (see schema.ts), so a merge can leave an article with no
// paragraph, a heading missing, or two ids alike. These rules repair that. Every participant
// may run them at once, so each rule is safe to apply twice concurrently: insertions only add
// an empty node where a required one is missing (a duplicate empty heading that results is
// removed by the next rule, and deletions of the same node converge); ids are set on a
// Y attribute whose concurrent writes resolve to one value.
import type { Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import { HEADED_TYPES, ID_TYPES, clampLevel, schema } from './schema.js'
import { newId } from './ids.js'
import { lostMoveCopies } from './moves.js'

/** Containers that must never be empty, and the node that fills an empty one. */
const FILLER: Record<string, () => Node> = {
  preamble: () => schema.nodes.recital.create(),
  signature: () => schema.nodes.prose.create(),
  conclusion: () => schema.nodes.prose.create(),
}

type Fix =
  | { pos: number; kind: 'insert'; node: Node }
  | { pos: number; kind: 'delete'; size: number }
  | { pos: number; kind: 'id'; id: string }
  | { pos: number; kind: 'level'; level: number }

// The paragraph carries its id from the start, so one pass leaves nothing for a second pass to fix.
const emptyParagraph = () => schema.nodes.paragraph.create({ id: newId('paragraph') })

/** What a repair leaves to its caller. */
export interface NormalizeOptions {
  /**
   * Leave the copies that lost a concurrent move of their article in place (and their ids alone),
   * for the caller to remove one by one: the editor does, so that the binding writes each removal
   * as the deletion of that one element (see plugins/normalize.ts).
   */
  keepLostCopies?: boolean
}

/** Lists the repairs `doc` needs, without applying them. */
function collectFixes(doc: Node, options: NormalizeOptions = {}): Fix[] {
  const fixes: Fix[] = []
  const seenIds = new Set<string>()

  let hasTitle = false
  doc.forEach((child) => { if (child.type.name === 'title') hasTitle = true })
  if (!hasTitle) fixes.push({ pos: 0, kind: 'insert', node: schema.nodes.title.create() })

  const lost = lostMoveCopies(doc)
  doc.descendants((node, pos) => {
    const name = node.type.name
    if (lost.has(pos)) {
      // the copy that lost a concurrent move of its article (moves.ts): its ids stay with the survivor
      if (!options.keepLostCopies) fixes.push({ pos, kind: 'delete', size: node.nodeSize })
      return false
    }

    if (ID_TYPES.has(name)) {
      const id = node.attrs.id
      if (typeof id !== 'string' || id === '' || seenIds.has(id)) {
        fixes.push({ pos, kind: 'id', id: newId(name) })
      } else seenIds.add(id)
    }
    // a level outside 0…2 (or not a number) is read as the nearest valid one; store that
    if (name === 'paragraph' && node.attrs.level !== clampLevel(node.attrs.level)) {
      fixes.push({ pos, kind: 'level', level: clampLevel(node.attrs.level) })
    }
    if (node.isTextblock) return false

    if (HEADED_TYPES.has(name)) {
      let headings = 0
      node.forEach((child, offset) => {
        if (child.type.name !== 'heading') return
        headings++
        // A second heading that is empty is the trace of two concurrent repairs.
        if (headings > 1 && child.content.size === 0) {
          fixes.push({ pos: pos + 1 + offset, kind: 'delete', size: child.nodeSize })
        }
      })
      if (headings === 0) fixes.push({ pos: pos + 1, kind: 'insert', node: schema.nodes.heading.create() })
    }

    if (name === 'article') {
      let paragraphs = 0
      node.forEach((child) => { if (child.type.name === 'paragraph') paragraphs++ })
      if (paragraphs === 0) fixes.push({ pos: pos + node.nodeSize - 1, kind: 'insert', node: emptyParagraph() })
    }

    const filler = FILLER[name]
    if (filler && node.childCount === 0) fixes.push({ pos: pos + 1, kind: 'insert', node: filler() })
    return true
  })
  return fixes
}

/**
 * Applies the repairs `doc` needs to a new Transform, or returns null when the document is
 * already in treaty shape. Fixes are applied from the end so earlier positions stay valid.
 */
export function normalizeTreaty(doc: Node): Transform | null {
  const fixes = collectFixes(doc)
  if (fixes.length === 0) return null
  const tr = new Transform(doc)
  applyFixes(tr, fixes)
  return tr
}

/** Applies `normalizeTreaty`'s repairs onto an existing transform (e.g. an appendTransaction's). */
export function normalizeInto(tr: Transform, options: NormalizeOptions = {}): boolean {
  const fixes = collectFixes(tr.doc, options)
  applyFixes(tr, fixes)
  return fixes.length > 0
}

function applyFixes(tr: Transform, fixes: Fix[]) {
  // Descending position, and at one position the later-found fix first: a heading and a
  // paragraph both inserted into an empty article then land in that order, and an id set on
  // the node at 0 is set before a title is inserted in front of it.
  const ordered = fixes.map((fix, i) => ({ fix, i })).sort((a, b) => b.fix.pos - a.fix.pos || b.i - a.i).map((x) => x.fix)
  for (const fix of ordered) {
    if (fix.kind === 'insert') tr.insert(fix.pos, fix.node)
    else if (fix.kind === 'delete') tr.delete(fix.pos, fix.pos + fix.size)
    else if (fix.kind === 'level') tr.setNodeAttribute(fix.pos, 'level', fix.level)
    else tr.setNodeAttribute(fix.pos, 'id', fix.id)
  }
}

/**
 * Everything that keeps `doc` from treaty shape, as readable sentences; empty when it is
 * valid. Used by tests and by importers to report what they produced.
 */
export function treatyShapeErrors(doc: Node): string[] {
  const errors: string[] = []
  try { doc.check() } catch (e) { errors.push(`schema: ${(e as Error).message}`) }
  const fixes = collectFixes(doc)
  for (const fix of fixes) {
    const at = fix.pos < doc.content.size ? doc.resolve(fix.pos) : null
    const where = at ? `${at.parent.type.name} at ${fix.pos}` : `position ${fix.pos}`
    if (fix.kind === 'id') errors.push(`${doc.nodeAt(fix.pos)?.type.name ?? 'node'} at ${fix.pos} has a missing or duplicate id`)
    else if (fix.kind === 'delete') errors.push(doc.nodeAt(fix.pos)?.type.name === 'article' ? `a second copy of a moved article at ${fix.pos}` : `duplicate empty heading in ${where}`)
    else if (fix.kind === 'level') errors.push(`paragraph at ${fix.pos} has an invalid level`)
    else errors.push(`missing ${fix.node.type.name} in ${where}`)
  }
  return errors
}
