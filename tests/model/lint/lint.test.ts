// The pre-export lint: each rule with a document that triggers it and one that does not, and the
// sample treaty's findings.
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { article, doc, heading, paragraph, param, part, preamble, recital, subparagraph, term, title, xref } from '../../../editor/model/build.js'
import { createThread, resolveThread, suggest } from '../../../editor/model/annotations/index.js'
import type { ClauseParameter } from '../../../editor/model/clauses/clause.js'
import { lintDocument, lintErrors, type LibraryLookup, type LintFinding, type LintInput } from '../../../editor/model/lint/index.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../../editor/model/sample.js'
import { contentDoc, pmDoc, rangeOf } from '../../review/fixture.js'
import { CONTENT_FRAGMENT } from '../../../editor/model/ydoc.js'

const lint = (d: Node, extra: Partial<LintInput> = {}) => lintDocument({ doc: d, parameters: {}, ...extra })
const ofRule = (findings: LintFinding[], rule: string) => findings.filter((f) => f.rule === rule)

const treaty = (...articles: Node[]) => doc(title('T'), part({ id: 'p1' }, heading('General'), ...articles))

describe('unfilled parameters', () => {
  const d = treaty(article({ id: 'a1' }, heading('Depositary'), paragraph({ id: 'p1-1' }, 'The depositary is ', param('depositary'), '.'),
    paragraph({ id: 'p1-2' }, 'It enters into force on ', param('date'), '.')))
  const required: ReadonlyMap<string, ClauseParameter> = new Map([['depositary', { name: 'depositary', label: 'Depositary', type: 'text', required: true }]])

  it('reports a required parameter without a value as an error naming it and its article', () => {
    const [f] = ofRule(lint(d, { declarations: required }), 'unfilled-parameter')
    expect(f).toMatchObject({ severity: 'error', location: { id: 'p1-1', ref: 'Article 1(1)' } })
    expect(f!.message).toBe('Required parameter “Depositary” (depositary) has no value in Article 1(1)')
  })

  it('reports an undeclared blank parameter as a warning, and nothing once both are filled', () => {
    const findings = ofRule(lint(d, { declarations: required }), 'unfilled-parameter')
    expect(findings.map((f) => [f.severity, f.location?.ref])).toEqual([['error', 'Article 1(1)'], ['warning', 'Article 1(2)']])
    expect(ofRule(lint(d, { declarations: required, parameters: { depositary: 'the Secretary-General', date: '1 May 2027' } }), 'unfilled-parameter')).toEqual([])
  })
})

describe('dangling cross-references', () => {
  it('reports a reference to a unit that no longer exists, and not one to an existing unit', () => {
    const d = treaty(
      article({ id: 'a1' }, heading('One'), paragraph({ id: 'x1' }, 'See ', xref('a2'), '.')),
      article({ id: 'a2' }, heading('Two'), paragraph({ id: 'x2' }, 'See ', xref('gone'), '.')))
    const findings = ofRule(lint(d), 'dangling-xref')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ severity: 'error', location: { id: 'x2', ref: 'Article 2' } })
    expect(findings[0]!.message).toBe('The cross-reference to “gone” points to a unit that no longer exists in Article 2')
  })
})

describe('empty articles', () => {
  it('reports an article with only a heading and empty paragraphs, and not one with text or only a parameter', () => {
    const d = treaty(
      article({ id: 'a1' }, heading('Full'), paragraph({ id: 'x1' }, 'Text.')),
      article({ id: 'a2' }, heading('Hollow'), paragraph({ id: 'x2' }, '  ')),
      article({ id: 'a3' }, heading('Parameter'), paragraph({ id: 'x3' }, param('place'))))
    const findings = ofRule(lint(d), 'empty-article')
    expect(findings).toEqual([{ rule: 'empty-article', severity: 'error', message: 'Article 2 (Hollow) has no text', location: expect.objectContaining({ id: 'a2', ref: 'Article 2' }) }])
  })
})

describe('undefined terms', () => {
  it('reports a term used but never defined, once, and not a term defined anywhere in the document', () => {
    const d = treaty(
      article({ id: 'a1' }, heading('Terms'), paragraph({ id: 'x1' }, term('facilitator', 'Facilitator', true), ' means a person.')),
      article({ id: 'a2' }, heading('Use'), paragraph({ id: 'x2' }, 'The ', term('facilitator', 'facilitator'), ' and the ', term('mediator', 'mediator'), ' and the ', term('mediator', 'mediators'), '.')))
    const findings = ofRule(lint(d), 'undefined-term')
    expect(findings.map((f) => f.message)).toEqual(['The term “mediator” is used in Article 2 but never defined in the document'])
    expect(findings[0]!.severity).toBe('error')
    expect(findings[0]!.fix).toBeUndefined()
  })

  it('offers the library clause defining the term, for the definitions article, only when the library has one', () => {
    const library: LibraryLookup = { term: (key) => (key === 'mediator' ? { clause: 'mediator', variant: 'standard' } : undefined), institution: () => undefined }
    const d = treaty(article({ id: 'a1' }, heading('Use'), paragraph({ id: 'x1' }, 'The ', term('mediator', 'mediator'), ' and the ', term('envoy', 'envoy'), '.')))
    expect(ofRule(lint(d, { library }), 'undefined-term').map((f) => [f.message, f.fix])).toEqual([
      ['The term “mediator” is used in Article 1 but never defined in the document (library clause “mediator” defines it)', { clause: 'mediator', variant: 'standard', place: 'definitions' }],
      ['The term “envoy” is used in Article 1 but never defined in the document', undefined],
    ])
  })
})

describe('institutions', () => {
  it('warns of a body referred to but never established, and accepts one an article establishes', () => {
    const articles = () => [
      article({ id: 'a1' }, heading('Committee on Negotiation Safety'), paragraph({ id: 'x1' }, 'A Committee on Negotiation Safety (the Committee) is hereby established.')),
      article({ id: 'a2' }, heading('Reports'), paragraph({ id: 'x2' }, 'States shall report to the Committee and to the Conference of the Parties; the Security Council may be informed.'))]
    const d = treaty(...articles())
    const findings = ofRule(lint(d), 'unestablished-institution')
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['warning', '“the Conference of the Parties” is referred to in Article 2 but no article establishes it']])
    const established = treaty(...articles(),
      article({ id: 'a3' }, heading('Conference'), paragraph({ id: 'x3' }, 'There shall be established a Conference of the Parties to this Treaty.')))
    expect(ofRule(lint(established), 'unestablished-institution')).toEqual([])
    const court = doc(title('T'), preamble(recital('The Parties,')),
      article({ id: 'a1' }, heading('Disputes'), paragraph({ id: 'x1' }, 'A dispute may be submitted to the International Court of Justice or to the International Criminal Court.')))
    expect(ofRule(lint(court), 'unestablished-institution')).toEqual([])
  })

  it('counts a sentence that sets the body up, with parameters read as their values, and not one that only uses the word', () => {
    const reports = (text: string) => article({ id: 'a9' }, heading('Reports'), paragraph({ id: 'x9' }, text))
    const names = (d: Node, parameters: Record<string, string> = {}) => ofRule(lint(d, { parameters }), 'unestablished-institution').map((f) => f.message)
    const byParameter = treaty(article({ id: 'a1' }, heading('Implementation'), paragraph({ id: 'x1' }, 'The parties hereby establish ', param('implementation_body'), ', composed of six members.')),
      reports('The Joint Implementation Commission shall report.'))
    expect(names(byParameter, { implementation_body: 'the Joint Implementation Commission' })).toEqual([])
    expect(names(byParameter)).toEqual(['“the Joint Implementation Commission” is referred to in Article 2 but no article establishes it'])
    const onlyTheWord = treaty(article({ id: 'a1' }, heading('Revocation'), paragraph({ id: 'x1' }, 'An amnesty may be revoked by the Amnesty Commission where it is established that the disclosure was false.')))
    expect(names(onlyTheWord)).toEqual(['“the Amnesty Commission” is referred to in Article 1 but no article establishes it'])
    const subject = treaty(article({ id: 'a1' }, heading('Truth'), paragraph({ id: 'x1' }, 'The Truth Commission shall establish the facts. A register of victims is hereby established.')))
    expect(names(subject)).toEqual(['“the Truth Commission” is referred to in Article 1 but no article establishes it'])
    // "the Council" after "the Security Council" is that Council
    const security = treaty(reports('The parties request the Security Council to establish a mission, and ask that the Council endorse this Agreement.'))
    expect(names(security)).toEqual([])
  })

  it('offers the library clause establishing the body, read with the document\'s values, only when the library has one', () => {
    const library: LibraryLookup = {
      term: () => undefined,
      institution: (name, values) => (name === 'Commission' && values.implementation_body ? { clause: 'implementation-commission', variant: 'standard' } : undefined),
    }
    const d = treaty(article({ id: 'a1' }, heading('Reports'), paragraph({ id: 'x1' }, 'The Commission shall report.')))
    expect(ofRule(lint(d, { library }), 'unestablished-institution')[0]!.fix).toBeUndefined()
    const [f] = ofRule(lint(d, { library, parameters: { implementation_body: 'the Commission' } }), 'unestablished-institution')
    expect(f!.fix).toEqual({ clause: 'implementation-commission', variant: 'standard', place: 'body' })
    expect(f!.message).toBe('“the Commission” is referred to in Article 1 but no article establishes it (library clause “implementation-commission” does)')
  })
})

describe('legal safeguards', () => {
  const EXCLUSIONS = 'No amnesty or immunity under this article shall extend to genocide, crimes against humanity, war crimes, torture, enforced disappearance or sexual violence.'
  const messages = (...articles: Node[]) => ofRule(lint(treaty(...articles)), 'legal-safeguards').map((f) => [f.severity, f.location?.ref, f.message])

  it('reports an amnesty without the gravest crimes excluded, without conditions and without revocation after a hearing, each offering the clause that fixes it', () => {
    expect(messages(article({ id: 'a1' }, heading('Amnesty'), paragraph({ id: 'x1' }, 'Amnesty shall be granted to all members of the group.')))).toEqual([
      ['error', 'Article 1', 'The article granting an amnesty in Article 1 does not exclude genocide, crimes against humanity, war crimes, torture, enforced disappearance, sexual violence: insert the standard exclusions (library clause “amnesty-exclusions”)'],
      ['warning', 'Article 1', 'The article granting an amnesty in Article 1 sets no conditions (disclosure, disarmament, non-repetition, reparation)'],
      ['warning', 'Article 1', 'The article granting an amnesty in Article 1 provides no revocation after a hearing (library clause “amnesty-revocation”)'],
    ])
    expect(messages(article({ id: 'a1' }, heading('Amnesty'),
      paragraph({ id: 'x1' }, 'Amnesty may be granted only where the applicant discloses the acts concerned.'),
      paragraph({ id: 'x2' }, EXCLUSIONS),
      paragraph({ id: 'x3' }, 'An amnesty may be revoked for a false disclosure, after the beneficiary has been heard.')))).toEqual([])
  })

  it('reports an immunity or safe conduct with no limit in time, and an immunity without the exclusions', () => {
    expect(messages(
      article({ id: 'a1' }, heading('Facilitators'), paragraph({ id: 'x1' }, 'Facilitators shall enjoy immunity from legal process of every kind.')),
      article({ id: 'a2' }, heading('Safe conduct'), paragraph({ id: 'x2' }, 'Safe conduct shall be granted to the delegates.')),
    ).map(([severity, ref, message]) => [severity, ref, String(message).replace(/ \(.*$/, '').replace(/: .*$/, '')])).toEqual([
      ['error', 'Article 1', 'The article granting an immunity in Article 1 does not exclude genocide, crimes against humanity, war crimes, torture, enforced disappearance, sexual violence'],
      ['error', 'Article 1', 'The article granting an immunity in Article 1 sets no limit in time'],
      ['error', 'Article 2', 'The article granting safe conduct in Article 2 sets no limit in time'],
    ])
    expect(messages(
      article({ id: 'a1' }, heading('Facilitators'), paragraph({ id: 'x1' }, 'Facilitators shall enjoy immunity from legal process for acts done in the talks, for the period of the talks.'), paragraph({ id: 'x2' }, EXCLUSIONS)),
      article({ id: 'a2' }, heading('Safe conduct'), paragraph({ id: 'x3' }, 'Safe conduct shall be granted to the delegates until fifteen days after the talks end.')),
    )).toEqual([])
  })

  it('reads a sentence that excludes, or a paragraph that only mentions amnesty, as granting nothing', () => {
    expect(messages(
      article({ id: 'a1' }, heading('Certification'), paragraph({ id: 'x1' }, 'An agreement is certified if it provides for no amnesty for war crimes.')),
      article({ id: 'a2' }, heading('Leniency'), paragraph({ id: 'x2' }, 'No amnesty shall be granted for genocide.')),
    )).toEqual([])
  })
})

describe('a clause the library has revised under a newer legal standard', () => {
  const provenance = (version: number) => JSON.stringify({ id: 'conditional-amnesty', version, variant: 'default', parameters: {} })
  const inserted = article({ id: 'a1' }, heading('Amnesty'), paragraph({ id: 'x1' }, 'Text as inserted.'))
  const d = (version: number) => treaty(inserted.type.create({ ...inserted.attrs, clause: provenance(version) }, inserted.content))
  const piece = { key: 'exclusions', label: 'Exclusion of the gravest crimes', version: 2, text: [] }
  const library = (version: number, standards = [piece]) => (id: string) => (id === 'conditional-amnesty' ? { title: 'Conditional amnesty', version, standards } : undefined)
  const found = (doc: Node, clauses?: LintInput['clauses']) => ofRule(lint(doc, clauses ? { clauses } : {}), 'outdated-standard')

  it('warns, in the article, when the library holds a newer version of a clause carrying the standard', () => {
    const [f, ...rest] = found(d(1), library(2))
    expect(rest).toEqual([])
    expect(f).toMatchObject({ severity: 'warning', location: { id: 'a1', ref: 'Article 1' } })
    expect(f!.message).toBe('The text in Article 1 comes from “Conditional amnesty” version 1; the library\'s version 2 carries the current legal standard (exclusion of the gravest crimes): review the update its clause mark offers')
  })

  it('says nothing for the current version, a revised clause without the standard, a clause the library lacks, or without the library', () => {
    expect(found(d(2), library(2))).toEqual([])
    expect(found(d(1), library(2, []))).toEqual([])
    expect(found(d(1), () => undefined)).toEqual([])
    expect(found(d(1))).toEqual([])
  })
})

describe('open review', () => {
  it('reports an undecided suggestion as an error and an open thread as a warning, located in their article; resolved ones not', () => {
    const content = contentDoc()
    const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
    const annotations = new Y.Doc()
    const as = (userId: string, role: 'reviewer' | 'drafter') => ({ annotations, content: fragment, actor: { userId, role } })
    createThread(as('rita', 'reviewer'), { ...rangeOf(fragment, 'protect negotiators'), body: 'Which negotiators?' })
    suggest(as('rita', 'reviewer'), { op: 'replace', ...rangeOf(fragment, 'every mediator'), text: 'every facilitator' })
    const done = createThread(as('rita', 'reviewer'), { ...rangeOf(fragment, 'measures'), body: 'Fine.' })
    resolveThread(as('rita', 'reviewer'), done.id)
    const findings = ofRule(lint(pmDoc(fragment), { annotations: { doc: annotations, fragment } }), 'open-review')
    expect(findings.map((f) => [f.severity, f.location?.ref, f.message])).toEqual([
      ['warning', 'Article 1(1)', 'A comment thread on “protect negotiators” in Article 1(1) is still open'],
      ['error', 'Article 2', 'A suggestion on “every mediator” in Article 2 is neither accepted nor rejected'],
    ])
  })
})

describe('the sample treaty', () => {
  it('has only warnings: its unfilled date and count, and no errors', () => {
    const findings = lint(sampleTreaty(), { parameters: SAMPLE_PARAMETERS })
    expect(lintErrors(findings)).toEqual([])
    expect(findings.map((f) => f.message)).toEqual([
      'Parameter “entry_into_force_count” has no value in Article 7',
      'Parameter “date” has no value in Conclusion',
    ])
  })

  it('lists findings in document order and reports a preamble place by name', () => {
    const d = doc(title('T'), preamble(recital('Noting the work of the Commission,')), article({ id: 'a1' }, heading('H'), paragraph({ id: 'x' }, 'See ', xref('nowhere'), '.')))
    expect(lint(d).map((f) => [f.rule, f.location?.ref])).toEqual([['unestablished-institution', 'Preamble'], ['dangling-xref', 'Article 1']])
  })
})
