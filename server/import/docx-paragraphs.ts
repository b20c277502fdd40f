// The paragraphs of a Word body (word/document.xml), read by a streaming XML parser: a large
// document costs its text, not a DOM of every run and property. Only what the treaty builder
// needs is kept: each paragraph's lines, its style's heading level, its list, a page break.
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { ImportError } from './errors.js'
import { refuseUnsafeXml } from './xml.js'

/** One Word paragraph: its lines (split at line breaks), whether a page break ends it, its style's heading level, its list when Word numbers it. */
export interface WordParagraph {
  lines: string[]
  pageBreak: boolean
  heading?: number
  list?: { numId: string; ilvl: number }
}

/** Elements whose content is never a paragraph's text: deletions, field codes, the copy an mc:Choice already gives. */
const SKIPPED = new Set(['del', 'delText', 'instrText', 'Fallback', 'rPr'])

const localName = (name: string) => name.slice(name.indexOf(':') + 1)

interface Open {
  lines: string[]
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
    else if (name === 'p') stack.push({ lines: [''], pageBreak: false })
    else if (!p) return
    else if (name === 'pPr') { if (!tag.isSelfClosing) inPPr++ }
    else if (inPPr > 0) {
      if (name === 'pStyle') p.styleId = attr('val')
      else if (name === 'outlineLvl') p.outline = attr('val')
      else if (name === 'numId') p.numId = attr('val')
      else if (name === 'ilvl') p.ilvl = attr('val')
    } else if (name === 't') inText = !tag.isSelfClosing
    else if (name === 'tab' || name === 'ptab') p.lines[p.lines.length - 1] += '\t'
    else if (name === 'br' || name === 'cr') {
      if (attr('type') === 'page') p.pageBreak = true
      else p.lines.push('')
    }
  })
  parser.on('closetag', (tag) => {
    const name = localName(tag.name)
    if (skipDepth > 0) { skipDepth--; return }
    if (name === 't') inText = false
    else if (name === 'pPr') inPPr = Math.max(0, inPPr - 1)
    else if (name === 'p') {
      const p = stack.pop()
      if (p) out.push(finish(p, styles))
    }
  })
  parser.on('text', (text) => {
    const p = stack[stack.length - 1]
    if (inText && skipDepth === 0 && p) p.lines[p.lines.length - 1] += text
  })
  parser.on('cdata', (text) => {
    const p = stack[stack.length - 1]
    if (inText && skipDepth === 0 && p) p.lines[p.lines.length - 1] += text
  })
  try {
    parser.write(documentXml).close()
  } catch (err) {
    const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim().slice(0, 200)
    throw new ImportError(`the Word document part is not well-formed XML: ${message}`)
  }
  if (!sawBody) throw new ImportError('the Word document has no body')
  return out
}

function finish(p: Open, styles: Map<string, number>): WordParagraph {
  let heading = p.styleId !== undefined ? styles.get(p.styleId) : undefined
  if (heading === undefined && p.outline !== undefined && /^\d$/.test(p.outline) && Number(p.outline) < 9) heading = Number(p.outline) + 1
  const ilvl = Number(p.ilvl ?? '0')
  return {
    lines: p.lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l, i, all) => l !== '' || all.length === 1),
    pageBreak: p.pageBreak,
    ...(heading !== undefined ? { heading } : {}),
    ...(p.numId && p.numId !== '0' && Number.isInteger(ilvl) && ilvl >= 0 && ilvl < 9 ? { list: { numId: p.numId, ilvl } } : {}),
  }
}
