import { describe, expect, it } from 'vitest'
import { validateClause, type LibraryError } from '../../editor/model/clauses/index.js'
import { validFrontMatter } from './helpers.js'

const PATH = 'clauses/process/test-clause.md'
const errorsOf = (raw: Record<string, unknown>): LibraryError[] => {
  const r = validateClause(raw, PATH, 10)
  return r.errors ?? []
}
const withField = (field: string, value: unknown) => ({ ...validFrontMatter(), [field]: value })
const without = (field: string) => { const r = validFrontMatter(); delete r[field]; return r }

describe('validateClause', () => {
  it('accepts a valid clause and keeps its variant, parameters and sources', () => {
    const r = validateClause(validFrontMatter(), PATH)
    expect(r.errors).toBeUndefined()
    expect(r.clause?.variants.map((v) => v.id)).toEqual(['standard'])
    expect(r.clause?.parameters.map((p) => p.name)).toEqual(['party_a', 'days'])
    expect(r.clause?.sources[0]).toEqual({ instrument: 'Charter of the United Nations', article: '33', paragraph: '1' })
  })

  it.each(['id', 'title', 'category', 'tags', 'version', 'summary', 'inserts', 'sources'])('reports a missing %s with the path and the field', (field) => {
    const errors = errorsOf(without(field))
    expect(errors).toContainEqual(expect.objectContaining({ path: PATH, field, message: expect.stringMatching(/missing/) }))
  })

  it('reports mistyped fields', () => {
    expect(errorsOf(withField('version', '1'))).toContainEqual(expect.objectContaining({ field: 'version', message: expect.stringContaining('positive integer') }))
    expect(errorsOf(withField('title', 42))).toContainEqual(expect.objectContaining({ field: 'title' }))
    expect(errorsOf(withField('tags', 'pacta-confidentiality'))).toContainEqual(expect.objectContaining({ field: 'tags' }))
    expect(errorsOf(withField('inserts', 'chapter'))).toContainEqual(expect.objectContaining({ field: 'inserts' }))
  })

  it('reports an unknown (misspelt) field', () => {
    expect(errorsOf(withField('verison', 2))).toContainEqual(expect.objectContaining({ field: 'verison', message: expect.stringContaining('unknown field') }))
  })

  it('reads a tag that never was a PA-X code as the code that replaced it', () => {
    expect(validateClause(withField('tags', ['SsrPrison', 'CprDet']), PATH).clause?.tags).toEqual(['JusPri', 'CprDet'])
    expect(errorsOf(withField('tags', ['SsrPrison', 'JusPri']))).toContainEqual(expect.objectContaining({ field: 'tags[1]', message: expect.stringContaining('duplicate tag "JusPri"') }))
  })

    it('reports an unknown category and an unknown tag', () => {
    expect(errorsOf(withField('category', 'peace'))).toContainEqual(expect.objectContaining({ field: 'category' }))
    expect(errorsOf(withField('tags', ['Ce', 'NotACode']))).toContainEqual(expect.objectContaining({ field: 'tags[1]' }))
  })

  it('reports an unknown placeholder in the body', () => {
    const raw = withField('body', '### H\n\n1. {{party_a}} and {{party_b}} within {{days}} days.\n')
    expect(errorsOf(raw)).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('{{party_b}}') }))
  })

  it('reports a parameter of unknown type', () => {
    const raw = validFrontMatter()
    ;(raw.parameters as Array<Record<string, unknown>>)[1]!.type = 'integer'
    expect(errorsOf(raw)).toContainEqual(expect.objectContaining({ field: 'parameters[1].type', message: expect.stringContaining('unknown parameter type') }))
  })

  it('reports a duplicate parameter', () => {
    const raw = validFrontMatter()
    raw.parameters = [...(raw.parameters as unknown[]), { name: 'days', label: 'Again', type: 'number' }]
    expect(errorsOf(raw)).toContainEqual(expect.objectContaining({ field: 'parameters[2].name', message: expect.stringContaining('duplicate') }))
  })

  it('reports a declared parameter that no variant uses', () => {
    const raw = validFrontMatter()
    raw.parameters = [...(raw.parameters as unknown[]), { name: 'unused', label: 'Unused', type: 'text' }]
    expect(errorsOf(raw)).toContainEqual(expect.objectContaining({ field: 'parameters[2]', message: expect.stringContaining('no variant uses') }))
  })

  it('reports a bad default, a choice without options and options on a non-choice', () => {
    const raw = validFrontMatter()
    raw.parameters = [
      { name: 'party_a', label: 'A', type: 'party' },
      { name: 'days', label: 'Days', type: 'number', default: 'thirty' },
    ]
    expect(errorsOf(raw)).toContainEqual(expect.objectContaining({ field: 'parameters[1].default' }))
    raw.parameters = [{ name: 'party_a', label: 'A', type: 'choice' }, { name: 'days', label: 'D', type: 'date', options: ['x', 'y'] }]
    const errors = errorsOf(raw)
    expect(errors).toContainEqual(expect.objectContaining({ field: 'parameters[0].options' }))
    expect(errors).toContainEqual(expect.objectContaining({ field: 'parameters[1].options' }))
  })

  it('reports bad variants: undeclared section, missing section, duplicate id', () => {
    const body = '## Variant: one\n\n### H\n\n1. {{party_a}} {{days}}.\n\n## Variant: two\n\n### H\n\n1. {{party_a}} {{days}}.\n'
    expect(errorsOf({ ...validFrontMatter(), body, variants: [{ id: 'one', label: 'One' }] }))
      .toContainEqual(expect.objectContaining({ field: 'variants', message: expect.stringContaining('"two", which is not declared') }))
    expect(errorsOf({ ...validFrontMatter(), body, variants: [{ id: 'one', label: 'One' }, { id: 'two', label: 'Two' }, { id: 'three', label: 'Three' }] }))
      .toContainEqual(expect.objectContaining({ field: 'variants', message: expect.stringContaining('"three" is declared') }))
    expect(errorsOf({ ...validFrontMatter(), body, variants: [{ id: 'one', label: 'One' }, { id: 'one', label: 'Again' }, { id: 'two', label: 'Two' }] }))
      .toContainEqual(expect.objectContaining({ field: 'variants[1].id', message: expect.stringContaining('duplicate') }))
    expect(errorsOf({ ...validFrontMatter(), body }))
      .toContainEqual(expect.objectContaining({ field: 'variants', message: expect.stringContaining('no variants are declared') }))
  })

  it('reports body structure errors with the file line', () => {
    const raw = withField('body', '### H\n\n1. {{party_a}} {{days}}.\n3. Skipped a number.\n   (b) Out of order.\n')
    const errors = errorsOf(raw)
    expect(errors).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringMatching(/^line 13: paragraph 3\. is out of sequence/) }))
    expect(errors).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringMatching(/^line 14: sub-paragraph \(b\) is out of sequence/) }))
  })

  it('reads ^[…] as a footnote, and reports one that is unclosed, empty or holds more than text', () => {
    const r = validateClause(withField('body', '### H\n\n1. {{party_a}} acts within {{days}} days.^[As in *Nicaragua* [1986] ICJ Reports 14.]\n'), PATH)
    expect(r.errors).toBeUndefined()
    const line = r.clause!.variants[0]!.articles[0]!.paragraphs[0]!.content[0] as Array<{ kind: string }>
    expect(line.at(-1)).toEqual({ kind: 'note', runs: [
      { kind: 'text', text: 'As in ', em: false, strong: false }, { kind: 'text', text: 'Nicaragua', em: true, strong: false },
      { kind: 'text', text: ' [1986] ICJ Reports 14.', em: false, strong: false }] })
    const problem = (body: string) => errorsOf(withField('body', `### H\n\n1. {{party_a}} {{days}}${body}\n`)).map((e) => e.message)
    expect(problem('^[see the annex')).toEqual([expect.stringMatching(/^line 12: unclosed footnote/)])
    expect(problem('^[ ]')).toEqual([expect.stringMatching(/^line 12: empty footnote/)])
    expect(problem('^[for {{party_a}}]')).toEqual([expect.stringMatching(/^line 12: a footnote \^\[…\] holds only text/)])
  })

  it('reports a heading in a paragraphs clause and a cross-reference to nothing', () => {
    expect(errorsOf({ ...validFrontMatter(), inserts: 'paragraphs' })).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('article heading') }))
    expect(errorsOf(withField('body', '### H\n\n1. {{party_a}} {{days}}, see {{ref:4}}.\n'))).toContainEqual(expect.objectContaining({ field: 'body', message: expect.stringContaining('{{ref:4}}') }))
  })

  it('reports a citation without a pinpoint, and keeps a pinpoint marked unverified', () => {
    expect(errorsOf(withField('sources', [{ instrument: 'Some report' }]))).toContainEqual(expect.objectContaining({ field: 'sources[0]', message: expect.stringContaining('pinpoint') }))
    const unchecked = validateClause(withField('sources', [{ instrument: 'A report not in the corpus', section: 'Conclusions', unverified: true }]), PATH)
    expect(unchecked.clause?.sources[0]).toEqual({ instrument: 'A report not in the corpus', section: 'Conclusions', unverified: true })
    expect(errorsOf(withField('sources', [{ instrument: 'A report', section: 'Conclusions', unverified: 'yes' }])))
      .toContainEqual(expect.objectContaining({ field: 'sources[0].unverified', message: expect.stringContaining('unverified: true') }))
  })

  it('refuses a pinpoint in an unknown format, naming the field, and accepts the forms instruments use', () => {
    const cite = (pin: Record<string, unknown>) => errorsOf(withField('sources', [{ instrument: 'Some treaty', ...pin }]))
    expect(cite({ article: 'art. 6' })).toContainEqual(expect.objectContaining({ field: 'sources[0].article', message: expect.stringContaining('not in a known format') }))
    expect(cite({ article: 'Article 102' })).toContainEqual(expect.objectContaining({ field: 'sources[0].article' }))
    expect(cite({ article: 6, paragraph: 'para 2' })).toContainEqual(expect.objectContaining({ field: 'sources[0].paragraph' }))
    expect(cite({ rule: 'Rule 159' })).toContainEqual(expect.objectContaining({ field: 'sources[0].rule' }))
    for (const pin of [{ article: '6, 7, 8' }, { article: 'VI', section: '22(b)-(c)' }, { article: 12, paragraph: '1(a)' }, { article: 19, paragraph: '(a), (c)' },
      { article: 70, paragraph: '1(b), 2' }, { article: 26, paragraph: '2-3' }, { rule: '1, 11, 24' }, { section: 'Principle 24' }]) {
      expect(cite(pin), JSON.stringify(pin)).toEqual([])
    }
  })

  it('tells (i) the ninth letter from (i) the first Roman numeral', () => {
    const letters = 'abcdefghi'.split('').map((l) => `   (${l}) item ${l};`).join('\n')
    const r = validateClause(withField('body', `### H\n\n1. {{party_a}} {{days}}:\n${letters}\n2. Also:\n   (a) item:\n      (i) first;\n      (ii) second.\n`), PATH)
    expect(r.errors).toBeUndefined()
    const [p1, p2] = r.clause!.variants[0]!.articles[0]!.paragraphs
    expect(p1!.content.filter((c) => !Array.isArray(c))).toHaveLength(9)
    const sub = p2!.content.find((c) => !Array.isArray(c))
    expect(sub && !Array.isArray(sub) ? sub.content.filter((c) => !Array.isArray(c)).length : 0).toBe(2)
  })
})
