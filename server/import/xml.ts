// Parsing untrusted XML: no document type declaration is read (so no entity, internal or
// external, is ever expanded or fetched), and any well-formedness error refuses the file.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import { ImportError } from './errors.js'

/** How much of a parser message an error quotes. */
const MESSAGE_LIMIT = 200

/**
 * Refuses XML with a DOCTYPE (naming entity declarations when it holds any: the classic "billion
 * laughs" and external-entity attacks live there) or any entity declaration, with an ImportError.
 */
export function refuseUnsafeXml(text: string, what: string): void {
  const doctype = /<!DOCTYPE[\s\S]*?(?:\[[\s\S]*?\]\s*)?>/i.exec(text)
  if (doctype) {
    const entities = /<!ENTITY/i.test(doctype[0]) || /<!ENTITY/i.test(text)
    throw new ImportError(entities
      ? `${what} declares XML entities in a DOCTYPE; entities are never read, so the file is refused`
      : `${what} has a DOCTYPE declaration; document type declarations are never read, so the file is refused`)
  }
  if (/<!ENTITY/i.test(text)) throw new ImportError(`${what} declares XML entities; entities are never read, so the file is refused`)
}

/**
 * Parses `text` as XML. Refuses a DOCTYPE (naming entity declarations when it holds any: the
 * classic "billion laughs" and external-entity attacks live there) and malformed XML, each with an
 * ImportError that says which. `what` names the file's part in messages ("the Akoma Ntoso file").
 */
export function parseXml(text: string, what: string): Document {
  refuseUnsafeXml(text, what)
  try {
    const doc = new DOMParser({
      onError: (level, message) => { if (level !== 'warning') throw new Error(message) },
    }).parseFromString(text, 'text/xml')
    if (!doc.documentElement) throw new Error('no root element')
    return doc
  } catch (err) {
    const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim().slice(0, MESSAGE_LIMIT)
    throw new ImportError(`${what} is not well-formed XML: ${message}`)
  }
}

/** The element children of `el`, in order. */
export function childElements(el: Element): Element[] {
  const out: Element[] = []
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element)
  return out
}

/** The local name of `el` ('' for none). */
export const local = (el: Element): string => el.localName ?? ''

/** The first child element of `el` named `name` (local name), or null. */
export function child(el: Element, name: string): Element | null {
  return childElements(el).find((c) => local(c) === name) ?? null
}

/** Every descendant element of `el` named `name` (local name), in document order. */
export function descendants(el: Element, name: string): Element[] {
  const out: Element[] = []
  const walk = (e: Element) => { for (const c of childElements(e)) { if (local(c) === name) out.push(c); walk(c) } }
  walk(el)
  return out
}

/** The text of `el` with runs of white space collapsed. */
export const textOf = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim()
