// Reads an exported HTML file the way a browser would (jsdom, scripts off) and lists anything in it that could run.
import { JSDOM } from 'jsdom'
import { findScriptVectors } from '../fixtures/xss-payloads.js'

/** Every element the HTML exporter writes; anything else in an export is a finding. */
export const EXPORT_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'section', 'article', 'aside', 'div', 'p', 'span', 'a', 'strong', 'em', 'u', 'dfn', 'br',
])

/** Every attribute the HTML exporter writes. */
export const EXPORT_ATTRIBUTES = new Set([
  'lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'title', 'data-term', 'data-parameter',
])

/** Parses `html` without running anything in it. */
export function parseExport(html: string): Document {
  return new JSDOM(html).window.document
}

/**
 * What in an exported document could carry script: elements or attributes the exporter never
 * writes, event-handler attributes, URLs other than in-document `#…` links, ids outside the
 * safe charset, head elements beyond the expected ones, and the fixtures' own scanner's findings.
 */
export function unsafeFindings(document: Document): string[] {
  const found = findScriptVectors(document.body)
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase()
    if (!EXPORT_TAGS.has(tag)) found.push(`unexpected <${tag}>`)
    if (['meta', 'title', 'style'].includes(tag) && el.parentElement?.tagName.toLowerCase() !== 'head') found.push(`<${tag}> outside head`)
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase()
      if (!EXPORT_ATTRIBUTES.has(name)) found.push(`unexpected ${tag}[${attr.name}]`)
      if (/^on/.test(name)) found.push(`${tag}[${attr.name}]`)
      if (name === 'href' && !/^#[A-Za-z0-9_-]+$/.test(attr.value)) found.push(`${tag}[href=${attr.value.slice(0, 60)}]`)
      if (name === 'id' && !/^[A-Za-z0-9_-]+$/.test(attr.value)) found.push(`${tag}[id=${attr.value.slice(0, 60)}]`)
      if (/(javascript|vbscript|data):/i.test(attr.value.replace(/[\u0000-\u0020]/g, '')) && name !== 'title' && !name.startsWith('data-')) {
        found.push(`${tag}[${attr.name}] holds a script URL`)
      }
    }
  }
  const head = Array.from(document.head.children).map((el) => el.tagName.toLowerCase())
  if (head.join(',') !== 'meta,meta,meta,meta,meta,title,style') found.push(`unexpected head: ${head.join(',')}`)
  if (document.querySelectorAll('style').length !== 1) found.push('more than one <style>')
  return found
}
