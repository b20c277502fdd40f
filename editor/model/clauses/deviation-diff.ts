// What a reader is shown of clause drift: the document's text of a clause and the library's,
// one block per line with local numbers, and their word-level difference.
import type { Node } from 'prosemirror-model'
import { diffWords } from 'diff'
import type { Clause } from './clause.js'
import { localMarkers } from './markers.js'
import { readProvenance } from './provenance.js'
import { libraryNodes, ownNodes } from './record-nodes.js'
import { parameterText, placeholderText } from './values.js'

/** A run of the word-level difference: kept, added (in the library text) or deleted (from the document). */
export interface DiffPart {
  op: 'same' | 'add' | 'del'
  text: string
}

/** Reads a node list as text, one block per line with local numbers ("1.", "(a)", "(i)"). */
export function clauseText(nodes: Node[], valueOf: (name: string) => string | undefined = () => undefined): string {
  const lines: string[] = []
  const inline = (block: Node) => {
    let s = ''
    block.forEach((n) => {
      if (n.isText) s += n.text
      else if (n.type.name === 'parameter') { const v = valueOf(String(n.attrs.name)); s += v ? parameterText(v) : placeholderText(String(n.attrs.name)) }
      else if (n.type.name === 'xref') s += '[reference]'
      else if (n.type.name === 'hard_break') s += ' '
      else if (n.type.name === 'footnote') s += `[footnote: ${n.textContent}]`
    })
    return s
  }
  const write = (list: Node[]) => {
    const markers = localMarkers(list)
    list.forEach((node, i) => {
      if (node.isTextblock) lines.push((markers[i] ? markers[i] + ' ' : '') + inline(node))
      else { const children: Node[] = []; node.forEach((c) => children.push(c)); write(children) }
    })
  }
  write(nodes)
  return lines.join('\n')
}

/**
 * The document's text of record `index` of `article` and the library's current text of the same
 * clause, variant and parameters, with their word-level difference.
 */
export function deviationDiff(article: Node, index: number, clause: Clause, valueOf?: (name: string) => string | undefined): { current: string; library: string; diff: DiffPart[] } {
  const records = readProvenance(article.attrs.clause)
  const record = records[index]
  if (!record) throw new Error(`the article has no clause record ${index}`)
  const current = clauseText(ownNodes(article, records, index).own, valueOf)
  const library = clauseText(libraryNodes(clause, record).nodes, valueOf)
  return { current, library, diff: wordDiff(current, library) }
}

/**
 * Beyond this many words added or deleted, or this many milliseconds, the word diff gives up and
 * shows the whole text replaced: a reader learns nothing from a diff of two unrelated texts.
 */
const MAX_EDIT_LENGTH = 2_000
const MAX_DIFF_MS = 200

/** The word segmenter once made (undefined where the runtime has none), null before. */
let segmenter: Intl.Segmenter | undefined | null = null

/**
 * Splits text into words by the rules of its script (so a Russian or Chinese text diffs by word,
 * not by letter), where the runtime has a word segmenter. Made on first use: making it loads the
 * runtime's word-break data, which a page that never compares a clause need not wait for.
 */
function wordSegmenter(): Intl.Segmenter | undefined {
  if (segmenter === null) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : undefined
  return segmenter
}

/**
 * The word-level difference from `a` to `b` (jsdiff's `diffWords`): words and punctuation marks
 * are compared, and whitespace goes with the words beside it; where both texts have the same
 * words, the kept text is `b`'s.
 */
export function wordDiff(a: string, b: string): DiffPart[] {
  const changes = diffWords(a, b, { maxEditLength: MAX_EDIT_LENGTH, timeout: MAX_DIFF_MS, intlSegmenter: wordSegmenter() })
  if (!changes) return replaced(a, b)
  return changes.filter((c) => c.value).map((c) => ({ op: c.added ? 'add' : c.removed ? 'del' : 'same', text: c.value }))
}

/** `a` deleted and `b` added, as one run each. */
function replaced(a: string, b: string): DiffPart[] {
  const parts: DiffPart[] = []
  if (a) parts.push({ op: 'del', text: a })
  if (b) parts.push({ op: 'add', text: b })
  return parts
}
