// A comment's body on the page: plain text with its line breaks, and http(s) addresses as links.
// Built from text nodes and elements only, never from HTML, so a body cannot inject markup.
import { h } from './dom.js'

// An address runs to the next space; trailing punctuation of the sentence is left out
const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/gi

/** The safe link for `href`, or null when it is not an http(s) address. */
function link(href: string): HTMLAnchorElement | null {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return h('a', { href: url.href, rel: 'noopener noreferrer', target: '_blank' }, href)
}

/** One line's text with its links. */
function lineNodes(line: string): Node[] {
  const out: Node[] = []
  let last = 0
  for (const match of line.matchAll(LINK)) {
    const a = link(match[0])
    if (!a) continue
    if (match.index > last) out.push(document.createTextNode(line.slice(last, match.index)))
    out.push(a)
    last = match.index + match[0].length
  }
  if (last < line.length) out.push(document.createTextNode(line.slice(last)))
  return out
}

/** The body as a `<div class="review-body">`: lines separated by `<br>`, addresses as links. */
export function renderBody(body: string): HTMLElement {
  const el = h('div', { class: 'review-body' })
  body.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) el.appendChild(document.createElement('br'))
    el.append(...lineNodes(line))
  })
  return el
}
