// The Check's fix for an undefined term or a body no article establishes: the library's index of
// which clause defines which term and which establishes which body, the findings that offer them,
// and where the fix puts the clause (the definitions article, a new "Use of terms" article after the
// introductory ones, new articles before the final provisions), after which the finding is gone.
import { beforeAll, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import type { EditorState } from 'prosemirror-state'
import { article, doc, finalProvisions, heading, paragraph, part, preamble, recital, term, title } from '../../editor/model/build.js'
import { instantiateClause, type Clause } from '../../editor/model/clauses/index.js'
import { libraryFixIndex, libraryLookup, lintDocument, type LibraryFixIndex, type LintFinding, type LintInput } from '../../editor/model/lint/index.js'
import { applyClauseFix, planClauseFix, USE_OF_TERMS } from '../../editor/commands/clause-fix.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { loadTemplates } from '../../server/library/load-templates.js'
import { buildTemplate } from '../../editor/model/templates/index.js'
import { stateOf } from '../editor/state.js'

const root = resolve(import.meta.dirname, '../..')
let byId: ReadonlyMap<string, Clause>
let index: LibraryFixIndex
beforeAll(async () => {
  const library = await loadClauses(resolve(root, 'clauses'))
  byId = library.byId
  index = libraryFixIndex(library.clauses)
})

const lint = (d: Node, extra: Partial<LintInput> = {}) => lintDocument({ doc: d, parameters: {}, library: libraryLookup(index), ...extra })
const ofRule = (findings: LintFinding[], rule: string) => findings.filter((f) => f.rule === rule)
const headings = (d: Node): string[] => {
  const out: string[] = []
  d.descendants((n) => { if (n.type.name === 'article') { out.push(n.firstChild?.textContent ?? ''); return false } return true })
  return out
}

/** Applies the fix of the first finding of `rule` on `state`, as the Check panel does; the new state. */
function applyFix(state: EditorState, rule: string, parameters: Record<string, string> = {}): EditorState {
  const finding = ofRule(lint(state.doc, { parameters }), rule)[0]
  expect(finding?.fix, `a ${rule} finding with a fix`).toBeDefined()
  const clause = byId.get(finding!.fix!.clause)!
  const instance = instantiateClause(clause, { variant: finding!.fix!.variant, values: parameters })
  const plan = planClauseFix(state.doc, instance, finding!.fix!, finding!.location!.id, clause.title)
  expect(plan).not.toBeNull()
  let next: EditorState | null = null
  expect(applyClauseFix(instance, plan!)(state, (tr) => { next = state.apply(tr) })).toBe(true)
  return next!
}

describe('the library\'s index of definitions and establishments', () => {
  it('knows the clause (and variant) defining each term the definitions clauses define', () => {
    expect(index.terms.facilitator).toEqual({ clause: 'facilitator', variant: 'standard' })
    expect(index.terms['armed-conflict']).toEqual({ clause: 'armed-conflict', variant: 'test-only' })
    // a term only one variant defines is found in that variant
    expect(index.terms['serious-crime']).toEqual({ clause: 'organized-criminal-group', variant: 'self-standing' })
    for (const [key, ref] of Object.entries(index.terms)) {
      const clause = byId.get(ref.clause)!
      const defined = new Set<string>()
      for (const n of instantiateClause(clause, { variant: ref.variant }).nodes) n.descendants((t) => { for (const m of t.marks) if (m.type.name === 'term' && m.attrs.defining) defined.add(String(m.attrs.key)) })
      expect(defined.has(key), `${ref.clause}/${ref.variant} defines ${key}`).toBe(true)
    }
  })

  it('knows the clauses that set a body up, and not those that only use the word "establish"', () => {
    const establishing = new Set(index.institutions.map((c) => c.clause))
    expect(establishing).toContain('implementation-commission')
    expect(establishing).toContain('verification-mechanism')
    // "revoked … where it establishes that", "the ceasefire established by this Agreement"
    for (const id of ['amnesty-revocation', 'conditional-amnesty', 'ceasefire-prohibited-acts', 'facilitator']) expect(establishing.has(id), id).toBe(false)
    const lookup = libraryLookup(index)
    expect(lookup.institution('Joint Implementation Commission', {})).toEqual({ clause: 'implementation-commission', variant: 'standard' })
    // a parameter reads as the document's value: the verifier the document names is set up by the joint variant
    expect(lookup.institution('Joint Verification Committee', {})).toBeUndefined()
    expect(lookup.institution('Joint Verification Committee', { verifier: 'the Joint Verification Committee' })).toEqual({ clause: 'verification-mechanism', variant: 'joint' })
    // a request to the Security Council sets up no "Council" of the treaty's own
    expect(lookup.institution('Council', {})).toBeUndefined()
    expect(lookup.institution('Truth Commission', {})).toBeUndefined()
  })
})

describe('the fix an undefined term offers', () => {
  const body = (...articles: Node[]) => doc(title('T'), preamble(recital('The Parties,')), part({ id: 'pt' }, heading('General'), ...articles),
    finalProvisions({ id: 'fp' }, heading('Final provisions'), article({ id: 'f1' }, heading('Entry into force'), paragraph({ id: 'f1-1' }, 'This Agreement enters into force on signature.'))))
  const uses = (key: string, text: string) => article({ id: 'a-use' }, heading('Talks'), paragraph({ id: 'u1' }, 'The ', term(key, text), ' convenes the talks.'))

  it('names the library clause defining the term, and none for a term the library does not define or without the library', () => {
    const [f] = ofRule(lint(body(uses('facilitator', 'facilitator'))), 'undefined-term')
    expect(f!.fix).toEqual({ clause: 'facilitator', variant: 'standard', place: 'definitions' })
    expect(f!.message).toBe('The term “facilitator” is used in Article 1 but never defined in the document (library clause “facilitator” defines it)')
    expect(ofRule(lint(body(uses('convener', 'convener'))), 'undefined-term')[0]!.fix).toBeUndefined()
    expect(ofRule(lintDocument({ doc: body(uses('facilitator', 'facilitator')), parameters: {} }), 'undefined-term')[0]!.fix).toBeUndefined()
  })

  it('opens a "Use of terms" article after the introductory articles when the document has none, and the finding goes', () => {
    const start = stateOf(body(article({ id: 'a-scope' }, heading('Scope'), paragraph({ id: 's1' }, 'This Agreement applies to the talks.')), uses('facilitator', 'facilitator')))
    const fixed = applyFix(start, 'undefined-term')
    expect(headings(fixed.doc)).toEqual(['Scope', USE_OF_TERMS, 'Talks', 'Entry into force'])
    expect(ofRule(lint(fixed.doc), 'undefined-term')).toEqual([])
    const terms = fixed.doc.child(2).child(2)
    expect(terms.textContent).toContain('is a natural or legal person')
    expect(String(terms.attrs.clause)).toContain('"id":"facilitator"')
  })

  it('opens the definitions article before the first article when none is introductory; a term the definition uses gets its own fix', () => {
    const fixed = applyFix(stateOf(body(uses('mediator', 'mediator'))), 'undefined-term')
    expect(headings(fixed.doc)).toEqual([USE_OF_TERMS, 'Talks', 'Entry into force'])
    // the definition of a mediator uses [[negotiation]]: its fix joins the new definitions article
    expect(ofRule(lint(fixed.doc), 'undefined-term').map((f) => f.fix?.clause)).toEqual(['negotiation'])
    const again = applyFix(fixed, 'undefined-term')
    expect(headings(again.doc)).toEqual([USE_OF_TERMS, 'Talks', 'Entry into force'])
    expect(again.doc.child(2).child(1).childCount).toBe(fixed.doc.child(2).child(1).childCount + 1)
  })

  it('adds the definition at the end of the document\'s definitions article when it has one', () => {
    const definitions = article({ id: 'a-def' }, heading('Definitions'), paragraph({ id: 'd1' }, 'For the purposes of this Agreement, the ', term('talks', 'talks', true), ' are the meetings of the parties.'))
    const start = stateOf(body(article({ id: 'a-purpose' }, heading('Purpose'), paragraph({ id: 'p1' }, 'The purpose is peace.')), definitions, uses('facilitator', 'facilitator')))
    const fixed = applyFix(start, 'undefined-term')
    expect(headings(fixed.doc)).toEqual(['Purpose', 'Definitions', 'Talks', 'Entry into force'])
    const defs = fixed.doc.child(2).child(2)
    expect(defs.attrs.id).toBe('a-def')
    expect(defs.child(1).textContent).toContain('the talks are the meetings')
    expect(defs.lastChild!.textContent).toContain('is a natural or legal person')
    expect(ofRule(lint(fixed.doc), 'undefined-term')).toEqual([])
  })
})

describe('the fix an unestablished body offers', () => {
  const treaty = (...finals: Node[]) => doc(title('T'), part({ id: 'pt' }, heading('General'),
    article({ id: 'a1' }, heading('Implementation'), paragraph({ id: 'x1' }, 'The parties shall report each year to the Joint Implementation Commission.')),
    ...finals))

  it('names the clause establishing the body, and none for a body no library clause establishes', () => {
    const [f] = ofRule(lint(treaty()), 'unestablished-institution')
    expect(f!.fix).toEqual({ clause: 'implementation-commission', variant: 'standard', place: 'body' })
    expect(f!.message).toContain('but no article establishes it (library clause “implementation-commission” does)')
    const other = doc(title('T'), article({ id: 'a1' }, heading('H'), paragraph({ id: 'x1' }, 'The Truth Commission reports.')))
    expect(ofRule(lint(other), 'unestablished-institution')[0]!.fix).toBeUndefined()
  })

  it('inserts the clause as a new article before the final clauses a body ends with, and the finding goes', () => {
    const start = stateOf(treaty(
      article({ id: 'a2' }, heading('Entry into force'), paragraph({ id: 'x2' }, 'This Agreement enters into force on signature.')),
      article({ id: 'a3' }, heading('Authentic texts'), paragraph({ id: 'x3' }, 'The texts are equally authentic.'))))
    const fixed = applyFix(start, 'unestablished-institution')
    expect(headings(fixed.doc)).toEqual(['Implementation', 'Implementation', 'Entry into force', 'Authentic texts'])
    expect(fixed.doc.child(1).child(2).textContent).toContain('The parties hereby establish')
    expect(ofRule(lint(fixed.doc, { parameters: { implementation_body: 'the Joint Implementation Commission' } }), 'unestablished-institution')).toEqual([])
  })
})

describe('the rule and the index agree', () => {
  it('finds no term the library defines still undefined once its clause is in the document', () => {
    for (const [key, ref] of Object.entries(index.terms)) {
      const instance = instantiateClause(byId.get(ref.clause)!, { variant: ref.variant })
      const d = doc(title('T'), article({ id: 'a1' }, heading('Use'), paragraph({ id: 'x1' }, term(key, key))),
        ...(instance.kind === 'article' ? instance.nodes : [article({ id: 'a2' }, heading(USE_OF_TERMS), ...instance.nodes)]))
      expect(ofRule(lintDocument({ doc: d, parameters: instance.parameters }), 'undefined-term').map((f) => f.message).filter((m) => m.includes(`“${key}”`)), key).toEqual([])
    }
  })

  it('leaves every shipped template without a guardrail error, fixes known or not', async () => {
    const library = await loadClauses(resolve(root, 'clauses'))
    const templates = await loadTemplates(resolve(root, 'templates'), library.byId)
    for (const t of templates.templates) {
      const built = buildTemplate(t, library.byId)
      const findings = lint(built.doc, { parameters: built.parameters }).filter((f) => f.rule !== 'unfilled-parameter')
      expect(findings.map((f) => `${f.rule}: ${f.message}`), t.id).toEqual([])
    }
  })
})
