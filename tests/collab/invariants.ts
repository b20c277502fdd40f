// What must hold once a room of drafters has settled: one document everywhere, in treaty shape, numbered sanely.
import type { Node } from 'prosemirror-model'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import type { Peer } from '../helpers/yharness.js'

/** Everything wrong with the numbering of `doc`: articles not numbered 1..n in order, or two units with one reference. */
export function numberingErrors(doc: Node): string[] {
  const errors: string[] = []
  const { byPos } = numberTreaty(doc)
  const bodyArticles: number[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'annex') return false
    if (node.type.name === 'article') bodyArticles.push(pos)
    return !node.isTextblock
  })
  bodyArticles.forEach((pos, i) => {
    const label = byPos.get(pos)
    if (label?.ordinal !== i + 1) errors.push(`article at ${pos} is numbered ${label?.ref ?? 'not at all'}, expected Article ${i + 1}`)
  })
  const refs = new Map<string, number>()
  for (const [pos, label] of byPos) {
    // The sole paragraph of an article is cited as the article itself ("Article 3").
    if (label.kind === 'paragraph' && label.marker === '' && label.ref.match(/Article \d+$/)) continue
    if (refs.has(label.ref)) errors.push(`"${label.ref}" names both the units at ${refs.get(label.ref)} and ${pos}`)
    refs.set(label.ref, pos)
  }
  return errors
}

/**
 * Everything wrong with a settled room: a peer whose view differs from peer 0's, a view that
 * differs from what its own Yjs document builds, a document out of treaty shape or badly numbered.
 */
export function roomErrors(peers: readonly Peer[]): string[] {
  const problems: string[] = []
  const reference = peers[0]!.doc
  const json = JSON.stringify(reference.toJSON())
  for (const peer of peers) {
    const own = JSON.stringify(peer.doc.toJSON())
    if (own !== json) problems.push(`peer ${peer.index} differs from peer 0:\n  ${own}\n  ${json}`)
    const shared = JSON.stringify(peer.sharedDoc().toJSON())
    if (shared !== own) problems.push(`peer ${peer.index}'s view differs from its Yjs document:\n  ${own}\n  ${shared}`)
  }
  for (const error of treatyShapeErrors(reference)) problems.push(`not in treaty shape: ${error}`)
  for (const error of numberingErrors(reference)) problems.push(`numbering: ${error}`)
  return problems
}
