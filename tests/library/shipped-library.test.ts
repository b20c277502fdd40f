import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import { loadClauses, type ClauseLibrary } from '../../server/library/load-clauses.js'
import { loadTemplates, type TemplateLibrary } from '../../server/library/load-templates.js'
import { parameterConflicts } from '../../server/library/consistency.js'
import { instantiateClause, readProvenance, CATEGORIES } from '../../editor/model/clauses/index.js'
import { buildTemplate } from '../../editor/model/templates/index.js'
import { lintDocument } from '../../editor/model/lint/index.js'
import { numberTreaty, treatyShapeErrors, schema } from '../../editor/model/index.js'
import { article, doc, heading, paragraph, preamble, recital, title } from '../../editor/model/build.js'

const root = resolve(import.meta.dirname, '../..')
let clauses: ClauseLibrary
let templates: TemplateLibrary
beforeAll(async () => {
  clauses = await loadClauses(resolve(root, 'clauses'))
  templates = await loadTemplates(resolve(root, 'templates'), clauses.byId)
})

/** Wraps instantiated nodes in a minimal treaty: articles as they are, paragraphs inside an article. */
const wrap = (kind: 'article' | 'paragraphs', nodes: Node[]): Node =>
  doc(title('Test'), preamble(recital('The Parties,')), ...(kind === 'article' ? nodes : [article({ id: 'art-host' }, heading('Host'), ...nodes)]))

const paramNames = (n: Node): string[] => {
  const out: string[] = []
  n.descendants((c) => { if (c.type.name === 'parameter') out.push(String(c.attrs.name)) })
  return out
}

describe('the shipped clause library', () => {
  it('loads every clause without a single error', () => {
    expect(clauses.errors).toEqual([])
    expect(clauses.clauses.length).toBeGreaterThanOrEqual(40)
  })

  it('covers every category and gives each parameter name one type across clauses', () => {
    expect(new Set(clauses.clauses.map((c) => c.category))).toEqual(new Set(Object.keys(CATEGORIES)))
    expect(parameterConflicts(clauses.clauses, clauses.pathOf)).toEqual([])
  })

  it('has conditional amnesty in several variants, and cites Protocol II, article 6(5), only for armed conflict', () => {
    const amnesty = clauses.byId.get('conditional-amnesty')!
    expect(amnesty.variants.length).toBeGreaterThanOrEqual(3)
    const ap2 = expect.objectContaining({ article: '6', paragraph: '5', instrument: expect.stringContaining('Protocol II') })
    expect(amnesty.sources).not.toContainEqual(ap2)
    expect(clauses.byId.get('amnesty-end-of-hostilities')!.sources).toContainEqual(ap2)
    const text = instantiateClause(clauses.byId.get('amnesty-end-of-hostilities')!).nodes[0]!.textContent
    expect(text).toMatch(/broadest possible amnesty.*armed conflict/)
    expect(text).toContain('does not apply to such a situation')
  })

  it('checks every clause against the legal standard in clauses/standards.yaml', () => {
    expect(clauses.hasStandard).toBe(true)
    for (const r of clauses.standard.regimes) {
      const members = clauses.clauses.filter((c) => c.tags.some((t) => r.tags.includes(t)))
      expect(members.length, r.id).toBeGreaterThan(0)
      for (const c of members) for (const k of r.requires) {
        if (c.standardExceptions.some((e) => e.standard === k)) continue
        expect(c.standards.map((p) => p.key), `${c.id} in ${r.id}`).toContain(k)
      }
    }
  })

  it('uses none of the PA-X codes the library had misapplied (signatory codes, ethnic groups, prisoner release, human rights framework)', () => {
    for (const c of clauses.clauses) expect(c.tags.filter((t) => ['ImUN', 'ImOth', 'GRa', 'TjPrire', 'HrFra'].includes(t)), c.id).toEqual([])
  })

  it('marks unverified every source whose instrument is not among the texts its pinpoints were checked against', () => {
    const checked = [
      'Protocol Additional to the Geneva Conventions of 12 August 1949, and relating to the Protection of Victims of Non-International Armed Conflicts (Protocol II), 1977',
      'Charter of the United Nations', 'United Nations Convention against Transnational Organized Crime, 2000', 'Vienna Convention on the Law of Treaties, 1969',
      'Rome Statute of the International Criminal Court, 1998', 'International Covenant on Civil and Political Rights, 1966',
      'Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment, 1984',
      'Convention on the Privileges and Immunities of the United Nations, 1946', 'Convention on the Safety of United Nations and Associated Personnel, 1994',
      // the paper the product grew from, whose text is kept beside the corpus
      'M. Freeman and M. Casij Peña, Negotiating with organized crime groups: Questions of law, policy and imagination, International Review of the Red Cross',
    ]
    for (const c of clauses.clauses) for (const s of c.sources) {
      if (!checked.includes(s.instrument)) expect(s.unverified, `${c.id}: ${s.instrument}`).toBe(true)
    }
  })

  it('records every source of every clause in clauses/CITATIONS.md, with a verdict', () => {
    const audit = readFileSync(resolve(root, 'clauses/CITATIONS.md'), 'utf8')
    for (const c of clauses.clauses) {
      const at = audit.indexOf(`### ${c.id}\n`)
      expect(at, c.id).toBeGreaterThan(0)
      const section = audit.slice(at, audit.indexOf('\n### ', at + 1) >>> 0)
      for (const s of c.sources) {
        const pinpoint = [s.article && `art. ${s.article}`, s.paragraph && `para. ${s.paragraph}`, s.rule && `rule ${s.rule}`,
          s.section && `${/^\d/.test(s.section) ? 'sec. ' : ''}${s.section}`].filter(Boolean).join(', ')
        const rows = section.split('\n').filter((l) => l.startsWith(`| ${s.instrument} | ${pinpoint} |`))
        expect(rows.some((l) => /\| (supports|partly|unverified) \|/.test(l)), `${c.id}: ${s.instrument}, ${pinpoint}`).toBe(true)
      }
    }
  })

  it('gives every amnesty and leniency clause the same exclusions, word for word', () => {
    const paragraphWith = (id: string, variant?: string) => {
      const inst = instantiateClause(clauses.byId.get(id)!, variant ? { variant } : {})
      const texts: string[] = []
      const visit = (c: Node) => { if (c.type.name === 'paragraph' && c.textContent.startsWith('No amnesty, pardon')) texts.push(c.textContent) }
      for (const n of inst.nodes) { visit(n); n.descendants(visit) }
      return texts
    }
    const all = [...paragraphWith('conditional-amnesty', 'comprehensive'), ...paragraphWith('conditional-amnesty', 'disarmament'), ...paragraphWith('amnesty-end-of-hostilities'),
      ...paragraphWith('amnesty-exclusions'), ...paragraphWith('leniency-for-cooperation'), ...paragraphWith('functional-protection-of-facilitators')]
    expect(all).toHaveLength(6)
    expect(new Set(all).size).toBe(1)
    expect(all[0]).toContain('enforced disappearance')
  })

  it('instantiates every variant of every clause into a schema-valid, treaty-shaped document', () => {
    let variants = 0
    for (const clause of clauses.clauses) {
      for (const v of clause.variants) {
        const inst = instantiateClause(clause, { variant: v.id })
        const d = wrap(inst.kind, inst.nodes)
        expect(treatyShapeErrors(d), `${clause.id}/${v.id}`).toEqual([])
        expect(d.textContent.length, `${clause.id}/${v.id}`).toBeGreaterThan(40)
        variants++
      }
    }
    expect(variants).toBeGreaterThan(clauses.clauses.length)
  })

  it('turns placeholders into parameter atoms and puts values in the parameters map, not the text', () => {
    const clause = clauses.byId.get('conditional-amnesty')!
    const inst = instantiateClause(clause, { variant: 'disclosure', values: { amnesty_cutoff: '2024-03-01', amnesty_authority: 'the Truth and Amnesty Panel' } })
    expect(inst.problems).toEqual([])
    expect(inst.parameters).toEqual({ instrument: 'Agreement', amnesty_authority: 'the Truth and Amnesty Panel', amnesty_cutoff: '2024-03-01', amnesty_application_period: 'twelve months' })
    const d = wrap(inst.kind, inst.nodes)
    expect(new Set(paramNames(d))).toEqual(new Set(['amnesty_authority', 'amnesty_cutoff', 'amnesty_application_period', 'instrument']))
    expect(d.textContent).not.toContain('Truth and Amnesty Panel')
    expect(d.textContent).not.toContain('{{')
  })

  it('records provenance on the article: id, version, variant and parameter values', () => {
    const inst = instantiateClause(clauses.byId.get('conditional-amnesty')!, { variant: 'disarmament', values: { amnesty_cutoff: '2024-03-01' } })
    const [record] = readProvenance(inst.nodes[0]!.attrs.clause)
    expect(record).toEqual({ id: 'conditional-amnesty', version: 2, variant: 'disarmament', parameters: expect.objectContaining({ amnesty_cutoff: '2024-03-01' }) })
  })

  it('lists the ids of inserted paragraphs in their provenance, for recording on the enclosing article', () => {
    const inst = instantiateClause(clauses.byId.get('armed-conflict')!, { variant: 'with-indicators' })
    expect(inst.kind).toBe('paragraphs')
    expect(inst.provenance.paragraphs).toEqual(inst.nodes.map((n) => n.attrs.id))
    expect(inst.provenance.paragraphs!.every((id) => /^para-/.test(id))).toBe(true)
  })

  it('reports invalid and missing required values without writing them', () => {
    const inst = instantiateClause(clauses.byId.get('conditional-amnesty')!, { values: { amnesty_cutoff: '2024-02-30' } })
    expect(inst.problems).toEqual([expect.objectContaining({ parameter: 'amnesty_cutoff', message: expect.stringContaining('no such calendar date') })])
    expect(inst.parameters.amnesty_cutoff).toBeUndefined()
  })

  it('resolves cross-references inside a clause to the fresh ids of its own paragraphs', () => {
    const inst = instantiateClause(clauses.byId.get('conditional-amnesty')!, { variant: 'comprehensive' })
    const d = wrap(inst.kind, inst.nodes)
    const numbering = numberTreaty(d)
    const targets: string[] = []
    d.descendants((n) => { if (n.type.name === 'xref') targets.push(String(n.attrs.target)) })
    expect(targets.map((t) => numbering.byId.get(t)?.ref)).toEqual(['Article 1(1)(a)'])
  })

  it('gives fresh ids on every instantiation', () => {
    const clause = clauses.byId.get('safe-conduct')!
    const a = instantiateClause(clause).nodes[0]!
    const b = instantiateClause(clause).nodes[0]!
    expect(a.attrs.id).not.toBe(b.attrs.id)
    expect(schema.nodes.article).toBe(a.type)
  })
})

describe('the shipped templates', () => {
  it('load without errors, at least the four required documents', () => {
    expect(templates.errors).toEqual([])
    expect(templates.templates.map((t) => t.id).sort()).toEqual(
      expect.arrayContaining(['ceasefire-agreement', 'facilitation-protocol', 'model-treaty-peace-negotiation', 'violence-reduction-agreement']))
  })

  it('each builds into a valid, numbered treaty with provenance on its clause articles', () => {
    for (const t of templates.templates) {
      const built = buildTemplate(t, clauses.byId)
      expect(built.errors, t.id).toEqual([])
      expect(treatyShapeErrors(built.doc), t.id).toEqual([])
      const kinds = new Set<string>()
      built.doc.forEach((n) => kinds.add(n.type.name))
      expect([...kinds], t.id).toEqual(expect.arrayContaining(['title', 'preamble', 'final_provisions', 'conclusion']))
      const labels = [...numberTreaty(built.doc).byPos.values()].filter((l) => l.kind === 'article')
      expect(labels.map((l) => l.ordinal), t.id).toEqual(labels.map((_, i) => i + 1))
      let withProvenance = 0
      built.doc.descendants((n) => { if (n.type.name === 'article' && readProvenance(n.attrs.clause).length) withProvenance++ })
      expect(withProvenance, t.id).toBeGreaterThan(0)
    }
  })

  it('defines every term each template uses, and establishes every body its text names', () => {
    let checkedBodies = 0
    for (const t of templates.templates) {
      const built = buildTemplate(t, clauses.byId)
      const defined = new Set<string>()
      const used = new Set<string>()
      const establishing: string[] = []
      built.doc.descendants((n) => {
        if (n.isText) for (const m of n.marks) if (m.type.name === 'term') (m.attrs.defining ? defined : used).add(String(m.attrs.key))
        if (n.type.name === 'article') {
          const heading = n.firstChild?.textContent ?? ''
          n.forEach((c) => {
            // read the paragraph as it prints: parameter atoms show the document's values
            let text = ''
            c.descendants((x) => { if (x.isText) text += x.text; else if (x.type.name === 'parameter') text += built.parameters[String(x.attrs.name)] ?? '' })
            if (/hereby establish/.test(text)) establishing.push(`${heading}: ${text}`)
          })
        }
      })
      expect([...used].filter((k) => !defined.has(k)), `${t.id}: terms used but never defined`).toEqual([])
      // A body named by a parameter value ("the Amnesty Commission") must be set up by one of the template's articles.
      const bodies = Object.values(built.parameters)
        .map((v) => /^the ((?:[A-Z][a-z]+ )*(?:Committee|Commission|Conference|Council|Mechanism|Panel))\b/.exec(v)?.[1])
        .filter((b): b is string => !!b)
      for (const body of bodies) expect(establishing.some((e) => e.includes(body)), `${t.id}: no article establishes the ${body}`).toBe(true)
      checkedBodies += bodies.length
    }
    expect(checkedBodies).toBeGreaterThanOrEqual(5)
  })

  it('builds every template, with its defaults, into a document the check finds nothing wrong with but the values still to fill', () => {
    for (const t of templates.templates) {
      const built = buildTemplate(t, clauses.byId)
      const findings = lintDocument({ doc: built.doc, parameters: built.parameters }).filter((f) => f.rule !== 'unfilled-parameter')
      expect(findings.map((f) => `${f.rule}: ${f.message}`), t.id).toEqual([])
    }
  })

  it('gives each proposal of the seed paper a clause with sources, used by a template', () => {
    const proposals = ['continuity-of-commitments', 'integrity-of-state-negotiators', 'humanitarian-engagement', 'intermediaries',
      'support-for-negotiating-states', 'relationship-to-other-law', 'transnational-cooperation', 'illicit-proceeds']
    const used = new Set(templates.templates.flatMap((t) => {
      const built = buildTemplate(t, clauses.byId)
      const ids: string[] = []
      built.doc.descendants((n) => { if (n.type.name === 'article') ids.push(...readProvenance(n.attrs.clause).map((r) => r.id)) })
      return ids
    }))
    for (const id of proposals) {
      expect(clauses.byId.get(id)?.sources.length, id).toBeGreaterThan(0)
      expect(used.has(id), `${id} in a template`).toBe(true)
    }
  })

  it('closes each template with the final clauses of UN practice', () => {
    const finalClauses = (id: string) => {
      const t = templates.byId.get(id)!
      const ids: string[] = []
      const walk = (items: Array<{ kind: string; clause?: string; items?: unknown[] }>) => { for (const it of items) { if (it.kind === 'clause' && it.clause) ids.push(it.clause); if (it.items) walk(it.items as never) } }
      walk((t.finalProvisions?.items ?? []) as never)
      return ids
    }
    expect(finalClauses('model-treaty-peace-negotiation')).toEqual(expect.arrayContaining(['signature', 'ratification', 'accession', 'entry-into-force', 'provisional-application',
      'reservations', 'amendment', 'denunciation', 'depositary', 'registration', 'authentic-texts']))
    for (const id of ['ceasefire-agreement', 'facilitation-protocol', 'violence-reduction-agreement']) {
      expect(finalClauses(id), id).toEqual(expect.arrayContaining(['amendment', 'denunciation', 'authentic-texts']))
    }
  })

  it('fills the document parameters from template values and clause defaults', () => {
    const built = buildTemplate(templates.byId.get('model-treaty-peace-negotiation')!, clauses.byId, { date: '2026-06-26' })
    expect(built.parameters).toEqual(expect.objectContaining({ instrument: 'Treaty', depositary: 'the Secretary-General of the United Nations', date: '2026-06-26', entry_into_force_count: 'twentieth' }))
    expect(built.problems.map((p) => p.parameter).sort()).toEqual(['signature_closes', 'signature_opens'])
    expect(built.parameters.certifying_body).toBe('the Committee established under this Treaty')
  })

  it('records paragraph clauses on the literal article that holds them', () => {
    const built = buildTemplate(templates.byId.get('model-treaty-peace-negotiation')!, clauses.byId)
    let terms: Node | null = null
    built.doc.descendants((n) => { if (n.type.name === 'article' && n.firstChild?.textContent === 'Use of terms') terms = n })
    const records = readProvenance((terms as Node | null)?.attrs.clause)
    expect(records.map((r) => r.id)).toEqual(['armed-conflict', 'other-situations-of-violence', 'organized-criminal-group', 'negotiation', 'organized-armed-group', 'facilitator', 'mediator', 'competent-authority'])
    // a record lists every block its clause inserted: 10 paragraphs, and their sub-paragraphs and closing text
    const listed = records.flatMap((r) => r.paragraphs ?? [])
    const blocks = new Map<string, Node>()
    ;(terms as Node | null)?.forEach((c) => { if (c.type.name === 'paragraph') blocks.set(String(c.attrs.id), c) })
    expect(new Set(listed).size).toBe(listed.length)
    expect(listed.every((id) => blocks.has(id))).toBe(true)
    expect(listed.filter((id) => blocks.get(id)!.attrs.level === 0 && !blocks.get(id)!.attrs.continues)).toHaveLength(10)
  })
})
