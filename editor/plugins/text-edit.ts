// What a transaction changed, for plugins that derive decorations from the document and want to
// map them rather than recompute them over a whole treaty.
//
// A local edit says what it changed in its steps. A change from a collaborator does not:
// y-prosemirror 1.x shows every remote update as one step replacing the whole document, whose
// mapping would throw every decoration away. For those the changed range is found by comparing the
// documents before and after (ProseMirror's findDiffStart/findDiffEnd skip the nodes the binding
// kept, so this costs little on a long treaty), and that range stands for the step.
import { Mapping, ReplaceStep, StepMap } from 'prosemirror-transform'
import type { Node, Slice } from 'prosemirror-model'
import type { Transaction } from 'prosemirror-state'

/** One changed range: `from`…`toOld` in the document before, `from`…`toNew` after. */
interface Range { from: number; toOld: number; toNew: number }

/** A transaction's effective change: a mapping for positions, and per step the range it replaced. */
export interface Change {
  mapping: Mapping
  /** Null when some step is not a plain replacement (attributes, marks, wrapping …). */
  ranges: Array<{ before: Node; from: number; to: number; slice: Slice }> | null
}

const cache = new WeakMap<Transaction, Change>()

/** Whether `tr` replaces the whole document in one step (how y-prosemirror shows a remote update). */
function replacesWholeDocument(tr: Transaction): boolean {
  if (tr.steps.length !== 1 || !(tr.steps[0] instanceof ReplaceStep)) return false
  const step = tr.steps[0] as unknown as { from: number; to: number }
  return step.from === 0 && step.to === tr.before.content.size
}

/** The range between the contents of two nodes that differs (positions in their content), or null when they are equal. */
function diffRange(before: Node, after: Node): Range | null {
  const start = before.content.findDiffStart(after.content)
  if (start === null) return null
  let { a: endA, b: endB } = before.content.findDiffEnd(after.content)!
  // when the documents share text on both sides of the change, the two ends can overlap
  const overlap = start - Math.min(endA, endB)
  if (overlap > 0) { endA += overlap; endB += overlap }
  return { from: start, toOld: endA, toNew: endB }
}

/** A changed range inside one text block: `from`…`toOld` in the document before, `fromNew`…`toNew` after. */
interface TextRange extends Range { fromNew: number }

/**
 * The text blocks that differ between containers `a` (content at `posA`) and `b` (at `posB`),
 * each as the range of its text that differs, appended to `out`; false when the two differ
 * otherwise (children added, removed, of another type or with other attributes), for which one
 * range over the whole difference stands.
 */
function textRanges(a: Node, b: Node, posA: number, posB: number, out: TextRange[]): boolean {
  if (a.childCount !== b.childCount) return false
  for (let i = 0; i < a.childCount; i++) {
    const x = a.child(i)
    const y = b.child(i)
    if (x !== y) {
      if (!x.sameMarkup(y) || x.isLeaf) return false
      if (x.isTextblock) {
        const range = diffRange(x, y)
        if (range) out.push({ from: posA + 1 + range.from, toOld: posA + 1 + range.toOld, fromNew: posB + 1 + range.from, toNew: posB + 1 + range.toNew })
      } else if (!textRanges(x, y, posA + 1, posB + 1, out)) return false
    }
    posA += x.nodeSize
    posB += y.nodeSize
  }
  return true
}

/**
 * The change of a transaction that replaced the whole document: when only texts inside text
 * blocks differ (typing, or a batch of a collaborator's edits in many paragraphs), one range per
 * block, last first, so that each range's positions hold in the document before as in the one
 * its predecessors made; otherwise one range over the whole difference.
 */
function wholeDocumentChange(tr: Transaction): Change {
  const texts: TextRange[] = []
  if (textRanges(tr.before, tr.doc, 0, 0, texts)) {
    texts.reverse()
    return {
      mapping: new Mapping(texts.map((r) => new StepMap([r.from, r.toOld - r.from, r.toNew - r.fromNew]))),
      ranges: texts.map((r) => ({ before: tr.before, from: r.from, to: r.toOld, slice: tr.doc.slice(r.fromNew, r.toNew) })),
    }
  }
  const range = diffRange(tr.before, tr.doc)
  if (!range) return { mapping: new Mapping(), ranges: [] }
  return {
    mapping: new Mapping([new StepMap([range.from, range.toOld - range.from, range.toNew - range.from])]),
    ranges: [{ before: tr.before, from: range.from, to: range.toOld, slice: tr.doc.slice(range.from, range.toNew) }],
  }
}

/** The effective change of `tr` (computed once per transaction). */
export function changeOf(tr: Transaction): Change {
  const known = cache.get(tr)
  if (known) return known
  let change: Change
  if (tr.docChanged && replacesWholeDocument(tr)) {
    change = wholeDocumentChange(tr)
  } else {
    const ranges: NonNullable<Change['ranges']> = []
    let plain = true
    tr.steps.forEach((step, i) => {
      if (!(step instanceof ReplaceStep)) { plain = false; return }
      const s = step as unknown as { from: number; to: number; slice: Slice }
      ranges.push({ before: tr.docs[i]!, from: s.from, to: s.to, slice: s.slice })
    })
    change = { mapping: tr.mapping, ranges: plain ? ranges : null }
  }
  cache.set(tr, change)
  return change
}

/**
 * True when `tr` only edited text inside text blocks, with inline content containing none of the
 * node types in `watched` (typing, deleting text, pasting plain text), locally or from a
 * collaborator. Such a change cannot alter any number, reference target or parameter.
 */
export function isTextEdit(tr: Transaction, watched: ReadonlySet<string> = new Set()): boolean {
  if (!tr.docChanged) return true
  const { ranges } = changeOf(tr)
  if (!ranges) return false
  for (const { before, from, to, slice } of ranges) {
    const $from = before.resolve(from)
    // text blocks, and inline nodes holding text (a footnote's text)
    if (!$from.parent.inlineContent || !$from.sameParent(before.resolve(to))) return false
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false
    let ok = true
    slice.content.forEach((node) => { if (!node.isInline || watched.has(node.type.name)) ok = false })
    if (!ok) return false
    if (watched.size && to > from) before.nodesBetween(from, to, (node) => { if (watched.has(node.type.name)) ok = false })
    if (!ok) return false
  }
  return true
}

/** Whether some step of `tr` changed text inside a text block of one of the types in `types` (e.g. headings). */
export function editsTextIn(tr: Transaction, types: ReadonlySet<string>): boolean {
  const { ranges } = changeOf(tr)
  if (!ranges) return true
  return ranges.some(({ before, from }) => types.has(before.resolve(from).parent.type.name))
}
