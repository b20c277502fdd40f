import { beforeAll, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import { instantiateClause, validateClause, validateStandard, type LegalStandard, type LibraryError } from '../../editor/model/clauses/index.js'
import { validateTemplate, templateReferenceErrors } from '../../editor/model/templates/index.js'
import { loadStandard } from '../../server/library/load-standards.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { GRAVEST_CRIMES } from '../../editor/model/lint/index.js'
import { clauseFile, tempTree, validFrontMatter } from './helpers.js'

const PATH = 'clauses/protection/test-clause.md'
let shipped: LegalStandard
beforeAll(async () => {
  const loaded = await loadStandard(resolve(import.meta.dirname, '../../clauses'))
  expect(loaded.errors).toEqual([])
  expect(loaded.found).toBe(true)
  shipped = loaded.standard
})

/** A clause in the given tags whose single article holds `paragraphs` (numbered 1., 2. …). */
const clauseWith = (tags: string[], paragraphs: string[], extra: Record<string, unknown> = {}) => ({
  ...validFrontMatter(),
  tags,
  parameters: [
    { name: 'protection_period', label: 'Period of protection', type: 'text', required: true, default: 'thirty days' },
    { name: 'instrument', label: 'Instrument', type: 'text', required: true, default: 'Agreement' },
  ],
  body: `### Protection\n\n${['The parties to this {{instrument}} act within {{protection_period}}.', ...paragraphs].map((p, i) => `${i + 1}. ${p}`).join('\n')}\n`,
  ...extra,
})
const errorsOf = (raw: Record<string, unknown>): LibraryError[] => validateClause(raw, PATH, 1, shipped).errors ?? []
const textOf = (nodes: Node[]) => nodes.map((n) => n.textContent).join('\n')

describe('the legal standard (clauses/standards.yaml)', () => {
  it('defines the exclusion list once, with every crime and violation the UN standard names', () => {
    const list = shipped.pieces.get('excluded-crimes')!.text.map((x) => (x.kind === 'text' ? x.text : '')).join('')
    for (const crime of ['genocide', 'crimes against humanity', 'war crimes', 'torture', 'extrajudicial', 'enforced disappearance', 'sexual violence', 'gross violations of human rights']) {
      expect(list).toContain(crime)
    }
    expect(shipped.regimes.map((r) => r.id).sort()).toEqual(['amnesty', 'confidentiality', 'immunity', 'leniency', 'safe-conduct'])
  })

  it('names in its list every crime the check of a document looks for, so the two cannot drift apart', () => {
    const list = shipped.pieces.get('excluded-crimes')!.text.map((x) => (x.kind === 'text' ? x.text : '')).join('').toLowerCase()
    for (const crime of GRAVEST_CRIMES) expect(list, crime).toContain(crime)
  })

  it('reports a piece including an unknown piece, a piece including itself, a cross-reference and a regime naming an unknown tag or piece', () => {
    const { standard, errors } = validateStandard({
      version: 1,
      pieces: {
        ok: { label: 'Fine', version: 1, text: 'plain words' },
        dangling: { label: 'Dangling', version: 1, text: 'see {{std:nowhere}}' },
        loop: { label: 'Loop', version: 1, text: 'again {{std:loop}}' },
        refers: { label: 'Refers', version: 1, text: 'as in {{ref:2}}' },
      },
      regimes: {
        bad_tag: { label: 'bad', tags: ['NoSuchTag'], requires: ['ok'] },
        bad_piece: { label: 'bad', tags: ['TjAmPro'], requires: ['missing'] },
      },
    }, 'clauses/standards.yaml')
    const fields = errors.map((e) => e.field)
    expect(fields).toEqual(expect.arrayContaining(['pieces.dangling.text', 'pieces.loop.text', 'pieces.refers.text', 'regimes.bad_tag.tags', 'regimes.bad_piece.requires']))
    expect(errors.every((e) => e.path === 'clauses/standards.yaml')).toBe(true)
    expect([...standard.pieces.keys()]).toEqual(['ok'])
    expect(standard.regimes).toEqual([])
  })
})

describe('the validator applies the legal standard', () => {
  const required: Record<string, string[]> = {
    TjAmPro: ['exclusions'],
    'pacta-leniency': ['exclusions'],
    'pacta-immunity': ['exclusions', 'without-prejudice', 'law-enforcement', 'immunity-limits'],
    'pacta-safe-conduct': ['without-prejudice', 'law-enforcement', 'safe-conduct-period'],
    'pacta-confidentiality': ['proceedings-not-barred'],
  }

  it.each(Object.entries(required))('refuses a %s clause that omits each required piece, naming the piece', (tag, pieces) => {
    for (const omitted of pieces) {
      const errors = errorsOf(clauseWith([tag], pieces.filter((p) => p !== omitted).map((p) => `{{std:${p}}}`)))
      expect(errors).toEqual([expect.objectContaining({ path: PATH, field: 'body', message: expect.stringContaining(`omits the standard piece "${omitted}"`) })])
    }
    expect(errorsOf(clauseWith([tag], pieces.map((p) => `{{std:${p}}}`)))).toEqual([])
  })

  it('checks every variant on its own', () => {
    const raw = clauseWith(['TjAmPro'], [], {
      variants: [{ id: 'full', label: 'Full' }, { id: 'short', label: 'Short' }],
      body: '## Variant: full\n\n### A\n\n1. Within {{protection_period}} under this {{instrument}}.\n2. {{std:exclusions}}\n\n## Variant: short\n\n### A\n\n1. Within {{protection_period}} under this {{instrument}}.\n',
    })
    const errors = errorsOf(raw)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain('variant "short" omits the standard piece "exclusions"')
  })

  it('accepts a justified exception and refuses one without a reason or for a piece not required', () => {
    const omit = (exceptions: unknown) => clauseWith(['pacta-safe-conduct'], ['{{std:without-prejudice}}', '{{std:safe-conduct-period}}'], { standard_exceptions: exceptions })
    expect(errorsOf(omit([{ standard: 'law-enforcement', reason: 'The venue is abroad and no authority of the State concerned acts there.' }]))).toEqual([])
    expect(errorsOf(omit([{ standard: 'law-enforcement', reason: 'not needed' }]))).toContainEqual(expect.objectContaining({ field: 'standard_exceptions[0].reason', message: expect.stringContaining('justified reason') }))
    expect(errorsOf(omit([{ standard: 'law-enforcement' }]))).toContainEqual(expect.objectContaining({ field: 'standard_exceptions[0].reason' }))
    const notRequired = errorsOf(omit([
      { standard: 'law-enforcement', reason: 'The venue is abroad and no authority of the State concerned acts there.' },
      { standard: 'exclusions', reason: 'Safe conduct grants no amnesty, so the exclusions are said elsewhere.' },
    ]))
    expect(notRequired).toContainEqual(expect.objectContaining({ field: 'standard_exceptions[1].standard', message: expect.stringContaining('not required of this clause') }))
  })

  it('refuses an unknown piece and a piece whose parameter the clause does not declare', () => {
    expect(errorsOf(clauseWith(['Ce'], ['{{std:no-such-piece}}']))).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('unknown standard piece {{std:no-such-piece}}') }))
    expect(errorsOf({ ...validFrontMatter(), tags: ['Ce'], body: '### A\n\n1. {{party_a}} within {{days}} days. {{std:safe-conduct-period}}\n' }))
      .toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('unknown placeholder {{protection_period}}') }))
  })

  it('applies no regime without the standard, but still refuses an unknown piece', () => {
    expect(validateClause(clauseWith(['TjAmPro'], []), PATH).errors).toBeUndefined()
    expect(validateClause(clauseWith(['TjAmPro'], ['{{std:exclusions}}']), PATH).errors?.[0]?.message).toContain('clauses/standards.yaml is missing')
  })

  it('loads a library against its standards.yaml and reports a bad standard with path and field', async () => {
    const root = await tempTree({
      'standards.yaml': 'version: 1\npieces:\n  note:\n    label: A note\n    version: 0\n    text: words\nregimes: {}\n',
      'protection/test-clause.md': clauseFile({ ...validFrontMatter(), id: 'test-clause', category: 'protection' }),
    })
    const lib = await loadClauses(root)
    const prefix = root.split('/').pop()
    expect(lib.errors).toContainEqual(expect.objectContaining({ path: `${prefix}/standards.yaml`, field: 'pieces.note.version' }))
    expect(lib.clauses.map((c) => c.id)).toEqual(['test-clause'])
  })
})

describe('instantiation expands the standard', () => {
  it('inserts the words of each piece, pieces within pieces, with the piece parameters as parameter atoms', () => {
    const r = validateClause(clauseWith(['pacta-safe-conduct'], ['{{std:exclusions}}', '{{std:without-prejudice}} {{std:law-enforcement}}', '{{std:safe-conduct-period}}']), PATH, 1, shipped)
    expect(r.errors).toBeUndefined()
    const clause = r.clause!
    expect(clause.standards.map((p) => p.key).sort()).toEqual(['excluded-crimes', 'exclusions', 'law-enforcement', 'safe-conduct-period', 'without-prejudice'])
    const inst = instantiateClause(clause, { values: { protection_period: 'fifteen days', party_a: 'X' } })
    const paragraphs = inst.nodes[0]!.content.content.slice(1)
    expect(paragraphs[1]!.textContent).toMatch(/^No amnesty, pardon, mitigation of penalty, immunity or other measure under this article shall extend to genocide, crimes against humanity, war crimes, torture, .* enforced disappearance, .* gross violations of human rights\. No such measure shall bar or delay the investigation/)
    expect(paragraphs[2]!.textContent).toMatch(/^This article is without prejudice .* Nothing in this article prevents the authorities/)
    expect(textOf(inst.nodes)).not.toContain('{{std:')
    const atoms: string[] = []
    paragraphs[3]!.descendants((n) => { if (n.type.name === 'parameter') atoms.push(String(n.attrs.name)) })
    expect(atoms).toEqual(['protection_period'])
    expect(inst.parameters.protection_period).toBe('fifteen days')
  })

  it('expands a piece inside a sentence of the clause, keeping the words on each side', () => {
    const clause = validateClause(clauseWith(['Ce'], ['Leniency shall never reach {{std:excluded-crimes}}, whatever the cooperation.']), PATH, 1, shipped).clause!
    const text = textOf(instantiateClause(clause).nodes)
    expect(text).toContain('Leniency shall never reach genocide, crimes against humanity')
    expect(text).toContain('other gross violations of human rights, whatever the cooperation.')
  })

  it('refuses a standard piece in a template\'s own text (only clauses include the standard)', () => {
    const r = validateTemplate({
      id: 't', title: 'T', version: 1, summary: 'S.', preamble: ['The parties,'],
      body: [{ article: 'Literal', text: '1. {{std:exclusions}}' }], conclusion: ['Done.'],
    }, 'templates/t.yaml')
    expect(r.errors).toBeUndefined()
    expect(templateReferenceErrors(r.template!, new Map(), 'templates/t.yaml')).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('{{std:exclusions}}') }))
  })
})
