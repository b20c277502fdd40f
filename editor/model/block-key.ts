// The key a text block is known by across changes, for following a drafter's text through joins,
// splits and moves (rescue.ts, joins.ts).
import type { Node } from 'prosemirror-model'

const idOf = (node: Node): string => (typeof node.attrs.id === 'string' ? node.attrs.id : '')

/**
 * The key a text block is known by across changes ('' for one that has none): a paragraph's id;
 * a heading, by the id of the article, annex or part it heads (a moved copy keeps both).
 */
export function blockKey(node: Node, parent: Node | null): string {
  if (node.type.name === 'paragraph') return idOf(node)
  if (node.type.name === 'heading' && parent && idOf(parent)) return `heading:${idOf(parent)}`
  return ''
}
