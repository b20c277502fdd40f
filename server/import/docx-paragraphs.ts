// The paragraphs of a Word body (word/document.xml), read by a streaming XML parser: a large
// document costs its text, not a DOM of every run and property. Only what the treaty builder
// needs is kept: each paragraph's lines, its style's heading level, its list, a page break, and
// which characters its runs set in bold, italic or underline.
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { ImportError } from './errors.js'
import { refuseUnsafeXml } from './xml.js'

/** Bits of a character's direct formatting in `WordParagraph.masks`. */
export const BOLD = 1
export const ITALIC = 2
export const UNDERLINE = 4

/** One Word paragraph: its lines (split at line breaks), whether a page break ends it, its style's heading level, its list when Word numbers it. */
export interface WordParagraph {
  lines: string[]
  /** Per line, per character (UTF-16 unit) of `lines`: the BOLD, ITALIC and UNDERLINE bits its run sets. */
  masks: number[][]
  pageBreak: boolean
  heading?: number
  list?: { numId: string; ilvl: number }
}

/** Elements whose content is never a paragraph's text: deletions, field codes, the copy an mc:Choice already gives, formatting a tracked change replaced. */
const SKIPPED = new Set(['del', 'delText', 'instrText', 'Fallback', 'rPrChange', 'pPrChange'])

/** Whether a toggle property (`<w:b/>`, `<w:i w:val="0"/>`) is on. */
const isOn = (val: string | undefined) => val === undefined || !['0', 'false', 'off'].includes(val)

const localName = (name: string) => name.slice(name.indexOf(':') + 1)

interface Open {
  lines: string[]
  masks: number[][]
  pageBreak: boolean
  styleId?: string
  outline?: string
  numId?: string
  ilvl?: string
}

/**
 * The paragraphs of `documentXml` in order (a paragraph in a text box comes before the one that
 * holds the box), with heading levels from `styles` (style id → 0 for Title, n for heading n).
 * Refuses a DOCTYPE or entity and malformed XML with an ImportError.
 */
export function wordParagraphs(documentXml: string, styles: Map<string, number>): WordParagraph[] {
  refuseUnsafeXml(documentXml, 'the Word document part')
  const out: WordParagraph[] = []
  const stack: Open[] = []
  let skipDepth = 0
  let inPPr = 0
  let inRPr = 0
  /** The formatting bits of the run being read. */
  let runMask = 0
  let inText = false
  let sawBody = false
  const parser = new SaxesParser()
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name)
    if (skipDepth > 0 || SKIPPED.has(name)) { if (!tag.isSelfClosing) skipDepth++; return }
    const attr = (key: string) => {
      const v = tag.attributes[`w:${key}`] ?? tag.attributes[key]
      return typeof v === 'string' ? v : undefined
    }
    const p = stack[stack.length - 1]
    if (name === 'body') sawBody = true
    else if (name === 'p') stack.push({ lines: [''], masks: [[]], pageBreak: false })
    else if (!p) return
    else if (name === 'pPr') { if (!tag.isSelfClosing) inPPr++ }
    else if (inPPr > 0) {
      if (name === 'pStyle') p.styleId = attr('val')
      else if (name === 'outlineLvl') p.outline = attr('val')
      else if (name === 'numId') p.numId = attr('val')
      else if (name === 'ilvl') p.ilvl = attr('val')
    } else if (name === 'r') runMask = 0
    else if (name === 'rPr') { if (!tag.isSelfClosing) inRPr++ }
    else if (inRPr > 0) {
      if (name === 'b') runMask = isOn(attr('val')) ? runMask | BOLD : runMask & ~BOLD
      else if (name === 'i') runMask = isOn(attr('val')) ? runMask | ITALIC : runMask & ~ITALIC
      else if (name === 'u') runMask = isOn(attr('val')) && attr('val') !== 'none' ? runMask | UNDERLINE : runMask & ~UNDERLINE
    } else if (name === 't') inText = !tag.isSelfClosing
    else if (name === 'tab' || name === 'ptab') append(p, '\t', 0)
    else if (name === 'br' || name === 'cr') {
      if (attr('type') === 'page') p.pageBreak = true
      else { p.lines.push(''); p.masks.push([]) }
    }
  })
  parser.on('closetag', (tag) => {
    const name = localName(tag.name)
    if (skipDepth > 0) { skipDepth--; return }
    if (name === 't') inText = false
    else if (name === 'pPr') inPPr = Math.max(0, inPPr - 1)
    else if (name === 'rPr') inRPr = Math.max(0, inRPr - 1)
    else if (name === 'p') {
      const p = stack.pop()
      if (p) out.push(finish(p, styles))
    }
  })
  const onText = (text: string) => {
    const p = stack[stack.length - 1]
    if (inText && skipDepth === 0 && p) append(p, text, runMask)
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  try {
    parser.write(documentXml).close()
  } catch (err) {
    const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim().slice(0, 200)
    throw new ImportError(`the Word document part is not well-formed XML: ${message}`)
  }
  if (!sawBody) throw new ImportError('the Word document has no body')
  return out
}

/** Adds `text`, formatted by `mask`, to the last line of `p`. */
function append(p: Open, text: string, mask: number): void {
  p.lines[p.lines.length - 1] += text
  const masks = p.masks[p.masks.length - 1]!
  for (let i = 0; i < text.length; i++) masks.push(mask)
}

/**
 * A line with every run of white space as one space and none at its ends, with the masks of the
 * characters kept; a space between two formatted words keeps what the two share.
 */
function collapse(line: string, masks: number[]): { text: string; masks: number[] } {
  let text = ''
  const out: number[] = []
  for (let i = 0; i < line.length; i++) {
    const space = /\s/.test(line[i]!)
    if (space && (text === '' || text.endsWith(' '))) continue
    text += space ? ' ' : line[i]
    out.push(masks[i] ?? 0)
  }
  if (text.endsWith(' ')) { text = text.slice(0, -1); out.pop() }
  for (let i = 1; i < text.length - 1; i++) if (text[i] === ' ') out[i] = out[i - 1]! & out[i + 1]!
  return { text, masks: out }
}

function finish(p: Open, styles: Map<string, number>): WordParagraph {
  let heading = p.styleId !== undefined ? styles.get(p.styleId) : undefined
  if (heading === undefined && p.outline !== undefined && /^\d$/.test(p.outline) && Number(p.outline) < 9) heading = Number(p.outline) + 1
  const ilvl = Number(p.ilvl ?? '0')
  const lines = p.lines.map((l, i) => collapse(l, p.masks[i] ?? [])).filter((l, _i, all) => l.text !== '' || all.length === 1)
  return {
    lines: lines.map((l) => l.text),
    masks: lines.map((l) => l.masks),
    pageBreak: p.pageBreak,
    ...(heading !== undefined ? { heading } : {}),
    ...(p.numId && p.numId !== '0' && Number.isInteger(ilvl) && ilvl >= 0 && ilvl < 9 ? { list: { numId: p.numId, ilvl } } : {}),
  }
}
