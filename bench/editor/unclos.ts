// UNCLOS (the 1982 Convention on the Law of the Sea) as a Pacta treaty: the large document of the
// editor benchmark, read from the corpus Markdown and built with the model's builders.
//
// The Markdown is the Dutch treaty database's rendering (see ../shared/corpus/SOURCE.md):
// "### PART  I" then "####INTRODUCTION" (the part's heading), "### SECTION  1", "### Article  1"
// then "####Use of terms and scope" (the article's heading, absent in some annexes), numbered
// paragraphs "1.  text", items "(a)", "(i)" and, in definitions, "(1)", each on its own line; the
// annexes ("### ANNEX  I") and the Final Act's resolutions ("### Resolution  I", numbered "### 1").
// Run alone (`npx tsx bench/editor/unclos.ts`) it prints what it built.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import {
  annex, article, conclusion, doc, heading, marked, paragraph, part, preamble, prose, recital, section,
  subparagraph, subsubparagraph, title, type Id, type Inline,
} from '../../editor/model/build.js'
import { clampLevel } from '../../editor/model/schema.js'
import { normalizeTreaty, treatyShapeErrors } from '../../editor/model/normalize.js'

/** The corpus file, beside the repository (../shared/corpus). */
export const UNCLOS_PATH = resolve(import.meta.dirname, '../../../shared/corpus/unclos-1982_law-of-the-sea.en.md')

/** What the builder made, and what of the Markdown the schema has no place for. */
export interface UnclosCounts {
  parts: number
  sections: number
  articles: number
  annexes: number
  /** Text blocks of articles and annexes by level: "1." (and unnumbered article text), "(a)", "(i)". */
  paragraphs: [number, number, number]
  /** Text closing a list ("continues" blocks). */
  continuing: number
  recitals: number
  /** Items one level deeper than "(i)" (a "(i)" under "(a)" under "(1)"), shown at level 2. */
  clampedItems: number
  /** Subsection headings (no subsection node in the schema: their articles stay in the section). */
  droppedSubsections: number
  /** Section headings inside annexes (an annex holds articles and paragraphs only). */
  droppedAnnexSections: number
}

/** The treaty, its counts, and ids the benchmark aims at. */
export interface Unclos {
  doc: Node
  counts: UnclosCounts
  /** Ids of every article of the Convention proper and of the annexes, in document order. */
  articleIds: string[]
}

/** One numbered unit while an article is read: its level, id, text, the units under it and the text closing them. */
interface Unit {
  id: string
  level: number
  text: string
  children: Unit[]
  closing: string[]
}

type ItemKind = 'number' | 'alpha' | 'roman'

const ROMAN = /^(?:x{0,3})(?:ix|iv|v?i{0,3})$/

/** Inline content of a line: "*inter alia*" in italics, runs of spaces collapsed. */
function inlines(text: string): Inline[] {
  const out: Inline[] = []
  const clean = text.replace(/\s+/g, ' ').trim()
  let last = 0
  for (const m of clean.matchAll(/\*([^*]+)\*/g)) {
    if (m.index > last) out.push(clean.slice(last, m.index))
    out.push(marked('em', m[1]!))
    last = m.index + m[0].length
  }
  if (last < clean.length) out.push(clean.slice(last))
  return out
}

/**
 * Reads the numbered units of one article (or of an annex's own text) into a tree of levels 0–2.
 * "1." opens a paragraph; "(1)", "(a)", "(i)" nest in the order they first appear under it (a
 * "(i)" right after "(h)" is the letter i); unlabelled text before any unit is a paragraph of its
 * own, after units it closes the paragraph above ("continues").
 */
class UnitReader {
  private readonly top: Unit[] = []
  private stack: Array<{ kind: ItemKind; last: string }> = []
  private open: Array<Unit | undefined> = []
  private seq = 0
  clamped = 0

  constructor(private readonly owner: string) {}

  private unit(level: number, text: string): Unit {
    return { id: `${this.owner}-p${++this.seq}`, level, text, children: [], closing: [] }
  }

  line(text: string): void {
    const numbered = /^(\d+)\.(?:\s+|$)(.*)$/.exec(text)
    if (numbered) {
      const u = this.unit(0, numbered[2]!)
      this.top.push(u)
      this.open = [u]
      this.stack = []
      return
    }
    const item = /^\((\d+|[a-z]{1,4})\)\s*(.*)$/.exec(text)
    if (!item) {
      const parent = this.open[0]
      if (parent && (parent.children.length > 0 || parent.closing.length > 0)) parent.closing.push(text)
      else if (parent && this.top.length > 0 && this.open.length === 1 && parent.text === '') parent.text = text
      else {
        const u = this.unit(0, text)
        this.top.push(u)
        this.open = [u]
        this.stack = []
      }
      return
    }
    const token = item[1]!
    const kind = this.kindOf(token)
    let depth = this.stack.findIndex((s) => s.kind === kind)
    if (depth < 0) {
      depth = this.stack.length
      this.stack.push({ kind, last: token })
    } else {
      this.stack.length = depth + 1
      this.stack[depth]!.last = token
    }
    const wanted = depth + 1
    const level = Math.min(wanted, 2)
    if (wanted > level) this.clamped++
    const u = this.unit(level, item[2]!)
    // the unit hangs from the nearest open unit above its level; without one it stands alone
    const parent = this.open.slice(0, level).reverse().find((p) => p !== undefined && p.level < level)
    if (parent) parent.children.push(u)
    else this.top.push(u)
    this.open.length = Math.min(this.open.length, level)
    this.open[level] = u
  }

  /** "(i)" is a Roman numeral unless it follows "(h)" in the same list ("(v)" after "(u)", …). */
  private kindOf(token: string): ItemKind {
    if (/^\d+$/.test(token)) return 'number'
    if (!ROMAN.test(token)) return 'alpha'
    const alpha = this.stack.find((s) => s.kind === 'alpha')
    if (alpha && token.length === 1 && alpha.last.length === 1 && token.charCodeAt(0) === alpha.last.charCodeAt(0) + 1) return 'alpha'
    return 'roman'
  }

  /** The units read since the last call, as builder calls: the flat blocks the document stores. */
  take(): Node[] {
    const build = (u: Unit): Node[] => {
      // an empty list between two closing texts keeps them two blocks
      const closing = u.closing.flatMap((text, i): Array<Inline | Node[]> => (i === 0 ? inlines(text) : [[], ...inlines(text)]))
      const kids: Node[][] = u.children.map(build)
      const text = inlines(u.text)
      const args: Array<Id | Inline | Node[]> = [{ id: u.id }, ...text, ...kids, ...closing]
      if (u.level === 0) return paragraph(...args)
      if (u.level === 1) return subparagraph(...args)
      // a level-2 unit's own children are already at level 2: they follow it as siblings
      return [...subsubparagraph({ id: u.id }, ...text), ...kids.flat()]
    }
    const blocks = this.top.flatMap(build)
    this.top.length = 0
    this.open = []
    this.stack = []
    return blocks
  }
}

/** Splits the one-line preamble into recitals at the participles that open them. */
function recitals(text: string): Node[] {
  const openers = /\s+(?=(?:Prompted|Noting|Conscious|Recognizing|Bearing in mind|Desiring|Believing|Affirming|Have agreed|Having|Decides)\b)/
  return text.split(openers).map((r) => recital(...inlines(r)))
}

/** Gives the blocks the builders left without an id (text closing a list) one derived from the block before. */
function fillIds(treaty: Node): Node {
  const tr = new Transform(treaty)
  let previous = ''
  let n = 0
  treaty.descendants((node, pos) => {
    if (node.type.name !== 'paragraph') return true
    if (node.attrs.id) { previous = node.attrs.id; n = 0 } else tr.setNodeAttribute(pos, 'id', `${previous}-c${++n}`)
    return false
  })
  return tr.doc
}

/** Builds UNCLOS from the corpus Markdown at `path`. */
export function buildUnclos(path = UNCLOS_PATH): Unclos {
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '')
  const counts: UnclosCounts = {
    parts: 0, sections: 0, articles: 0, annexes: 0, paragraphs: [0, 0, 0], continuing: 0, recitals: 0,
    clampedItems: 0, droppedSubsections: 0, droppedAnnexSections: 0,
  }
  const body: Node[] = []
  const articleIds: string[] = []
  let treatyTitle = ''
  let preambleNodes: Node[] = []

  // The open containers, innermost last; each collects its children until it is closed.
  type Open = { kind: 'part' | 'section' | 'article' | 'annex'; id: string; heading: string | null; children: Node[]; reader?: UnitReader }
  const open: Open[] = []
  /** What the next "####" line is the heading of (null: drop it). */
  let headingFor: Open | null | undefined

  const close = (down: number) => {
    while (open.length > down) {
      const c = open.pop()!
      const children = [heading(...inlines(c.heading ?? '')), ...c.children, ...(c.reader?.take() ?? [])]
      if (c.reader) counts.clampedItems += c.reader.clamped
      const node = c.kind === 'part' ? part({ id: c.id }, ...children)
        : c.kind === 'section' ? section({ id: c.id }, ...children)
          : c.kind === 'article' ? article({ id: c.id }, ...children)
            : annex({ id: c.id }, ...children)
      const parent = open[open.length - 1]
      if (parent) parent.children.push(node)
      else body.push(node)
    }
  }
  const depthOf = (kind: Open['kind']) => open.findIndex((o) => o.kind === kind)
  const push = (o: Open) => {
    // an annex's own text read so far comes before the article that now opens in it
    const parent = open[open.length - 1]
    if (parent?.reader) parent.children.push(...parent.reader.take())
    open.push(o)
    headingFor = o
  }
  const within = () => open.find((o) => o.kind === 'part' || o.kind === 'annex')

  for (const line of lines) {
    if (line.startsWith('<meta')) continue
    if (/^##[^#]/.test(line)) continue // the Dutch title
    const structural = /^###\s*(PART|SECTION|SUBSECTION|Article|ANNEX|Resolution|\d+)\b\s*(\S*)/.exec(line)
    if (structural) {
      const [, kind, label] = structural as unknown as [string, string, string]
      const number = /^\d+$/.test(kind) ? kind : label
      if (kind === 'PART') {
        close(0)
        counts.parts++
        push({ kind: 'part', id: `part-${number}`, heading: '', children: [] })
      } else if (kind === 'ANNEX' || kind === 'Resolution') {
        close(0)
        counts.annexes++
        const id = `${kind === 'ANNEX' ? 'annex' : 'res'}-${number}`
        push({ kind: 'annex', id, heading: kind === 'Resolution' ? `Resolution ${number}` : '', children: [], reader: new UnitReader(id) })
      } else if (kind === 'SECTION') {
        if (within()?.kind === 'annex') {
          close(depthOf('annex') + 1)
          counts.droppedAnnexSections++
          headingFor = null
          continue
        }
        close(depthOf('part') + 1)
        counts.sections++
        push({ kind: 'section', id: `${open[open.length - 1]!.id}-sec-${number}`, heading: '', children: [] })
      } else if (kind === 'SUBSECTION') {
        close(Math.max(depthOf('section'), depthOf('part')) + 1)
        counts.droppedSubsections++
        headingFor = null
      } else {
        const article = open.findIndex((o) => o.kind === 'article')
        if (article >= 0) close(article)
        const scope = within()
        const id = scope?.kind === 'annex' ? `${scope.id}-art-${number}` : `art-${number}`
        counts.articles++
        articleIds.push(id)
        push({ kind: 'article', id, heading: '', children: [], reader: new UnitReader(id) })
      }
      continue
    }
    const headingLine = /^####\s*(.*)$/.exec(line)
    if (headingLine) {
      if (!treatyTitle && open.length === 0) { treatyTitle = headingLine[1]!; continue }
      if (headingFor) {
        // a resolution's heading follows its number
        headingFor.heading = headingFor.heading ? `${headingFor.heading}: ${headingLine[1]}` : headingLine[1]!
      }
      headingFor = undefined
      continue
    }
    headingFor = undefined
    if (open.length === 0 && preambleNodes.length === 0) { preambleNodes = recitals(line); continue }
    if (line.startsWith('IN WITNESS WHEREOF')) {
      close(0)
      const [witness, done] = line.split(/\s+(?=DONE at)/)
      body.push(conclusion(prose(...inlines(witness!)), ...(done ? [prose(...inlines(done))] : [])))
      continue
    }
    const reader = open[open.length - 1]?.reader
    if (reader) reader.line(line)
    else throw new Error(`unclos: text outside any article or annex: ${line.slice(0, 80)}`)
  }
  close(0)

  counts.recitals = preambleNodes.length
  const built = fillIds(doc(title(treatyTitle), preamble(...preambleNodes), ...body))
  const treaty = normalizeTreaty(built)?.doc ?? built
  treaty.descendants((node) => {
    if (node.type.name !== 'paragraph') return true
    if (node.attrs.continues) counts.continuing++
    else counts.paragraphs[clampLevel(node.attrs.level)]!++
    return false
  })
  return { doc: treaty, counts, articleIds }
}

/** Builds UNCLOS and fails unless it is in treaty shape. */
export function unclosTreaty(path = UNCLOS_PATH): Unclos {
  const built = buildUnclos(path)
  const errors = treatyShapeErrors(built.doc)
  if (errors.length > 0) throw new Error(`UNCLOS is not in treaty shape:\n${errors.slice(0, 10).join('\n')}`)
  return built
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { doc: treaty, counts } = unclosTreaty()
  const blocks = counts.paragraphs.reduce((a, b) => a + b, 0)
  console.log(`UNCLOS: ${counts.parts} parts, ${counts.sections} sections, ${counts.articles} articles, ${counts.annexes} annexes and resolutions, ` +
    `${counts.recitals} recitals; ${blocks} numbered blocks (${counts.paragraphs.join(' / ')} at levels 0 / 1 / 2) and ${counts.continuing} closing texts; ` +
    `${treaty.content.size} positions, ${treaty.textContent.length} characters`)
  console.log(`not represented: ${counts.droppedSubsections} subsection headings, ${counts.droppedAnnexSections} annex section headings; ` +
    `${counts.clampedItems} items deeper than (i) shown at level 2`)
  console.log('treatyShapeErrors after normalizeTreaty: none')
}
