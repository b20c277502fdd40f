// The Check's fix for a missing legal safeguard: the library clause a finding names, added at the
// end of the article that lacks it, mends the finding and nothing else in the document.
import { beforeAll, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { EditorState } from 'prosemirror-state'
import { article, doc, heading, paragraph, part, title } from '../../editor/model/build.js'
import { instantiateClause, type Clause } from '../../editor/model/clauses/index.js'
import { lintDocument } from '../../editor/model/lint/index.js'
import { insertClauseAtArticleEnd } from '../../editor/commands/clauses.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { stateOf } from '../editor/state.js'

let byId: ReadonlyMap<string, Clause>
beforeAll(async () => {
  const library = await loadClauses(resolve(import.meta.dirname, '../../clauses'))
  byId = library.byId
})

const treaty = () => doc(title('T'), part({ id: 'pt' }, heading('General'),
  article({ id: 'a1' }, heading('Amnesty'), paragraph({ id: 'x1' }, 'Amnesty shall be granted only where members of the group disclose the acts concerned.')),
  article({ id: 'a2' }, heading('Other'), paragraph({ id: 'y1' }, 'Other text.'))))

const safeguards = (state: EditorState) => lintDocument({ doc: state.doc, parameters: {} }).filter((f) => f.rule === 'legal-safeguards')

/** Runs the fix of the finding offering `clause` on `state`; the new state. */
function applyFix(state: EditorState, clause: string): EditorState {
  const finding = safeguards(state).find((f) => f.fix?.clause === clause)
  expect(finding, `a finding offering ${clause}`).toBeDefined()
  const shipped = byId.get(clause)!
  let next: EditorState | null = null
  expect(insertClauseAtArticleEnd(instantiateClause(shipped), finding!.location!.id)(state, (tr) => { next = state.apply(tr) })).toBe(true)
  return next!
}

describe('the fix a legal-safeguards finding offers', () => {
  it('names a shipped clause for the exclusions and for revocation after a hearing', () => {
    const offered = safeguards(stateOf(treaty())).map((f) => f.fix?.clause ?? null)
    expect(offered).toEqual(['amnesty-exclusions', 'amnesty-revocation'])
    for (const id of offered) expect(byId.get(id!)?.inserts).toBe('paragraphs')
  })

  it('adds the clause at the end of the article, wherever the cursor is, and the finding goes', () => {
    const fixed = applyFix(applyFix(stateOf(treaty()), 'amnesty-exclusions'), 'amnesty-revocation')
    expect(safeguards(fixed)).toEqual([])
    const amnesty = fixed.doc.child(1).child(1)
    expect(amnesty.attrs.id).toBe('a1')
    expect(amnesty.child(1).textContent).toBe('Amnesty shall be granted only where members of the group disclose the acts concerned.')
    expect(amnesty.childCount).toBeGreaterThan(3)
    expect(amnesty.textContent).toContain('genocide')
    // the other article is untouched, and the receiving article records where its new text came from
    expect(fixed.doc.child(1).child(2).eq(treaty().child(1).child(2))).toBe(true)
    expect(String(amnesty.attrs.clause)).toContain('amnesty-exclusions')
  })

  it('does nothing when the article is gone or the clause inserts whole articles', () => {
    const state = stateOf(treaty())
    expect(insertClauseAtArticleEnd(instantiateClause(byId.get('amnesty-exclusions')!), 'no-such-article')(state)).toBe(false)
    const articleClause = [...byId.values()].find((c) => c.inserts === 'article')!
    expect(insertClauseAtArticleEnd(instantiateClause(articleClause), 'a1')(state)).toBe(false)
  })
})
