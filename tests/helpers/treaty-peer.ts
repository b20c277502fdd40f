// Harness peers built as the page builds its editor (editor/editor-state.ts), without a network:
// library clauses come from a local list, and the dialog commands only answer whether they apply.
import type { EditorState } from 'prosemirror-state'
import { ApiError, type ClauseDetail } from '../../editor/api.js'
import { insertParameter, insertXref } from '../../editor/commands/inline.js'
import { createTreatyState } from '../../editor/editor-state.js'
import { PARAMETERS_MAP } from '../../editor/model/ydoc.js'
import { ClauseCache } from '../../editor/ui/library-client.js'
import type { Peer } from './yharness.js'

/** A clause cache that "fetches" from `clauses`; any other id is answered as not in the library. */
export function localClauseCache(clauses: readonly ClauseDetail[] = []): ClauseCache {
  const byId = new Map(clauses.map((c) => [c.id, c]))
  return new ClauseCache(async (id) => {
    const clause = byId.get(id)
    if (!clause) throw new ApiError(404, `no clause ${id}`)
    return clause
  })
}

/**
 * `peer`'s editor state with the page's composition: its content fragment, parameters map and
 * awareness, and a local clause cache. Use as `stateFor` of a YHarness.
 */
export function treatyStateFor(peer: Peer, clauses: readonly ClauseDetail[] = []): EditorState {
  return createTreatyState({
    fragment: peer.fragment,
    parameters: peer.ydoc.getMap<string>(PARAMETERS_MAP),
    awareness: peer.awareness,
    clauses: localClauseCache(clauses),
    openProvenance: () => {},
    insertXref: insertXref(),
    insertParameter: insertParameter(),
  })
}
