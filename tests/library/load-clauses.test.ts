import { describe, expect, it } from 'vitest'
import { loadClauses } from '../../server/library/load-clauses.js'
import { loadTemplates } from '../../server/library/load-templates.js'
import { clauseFile, tempTree, validFrontMatter } from './helpers.js'

const good = (id: string) => clauseFile({ ...validFrontMatter(), id })

describe('loadClauses', () => {
  it('reports a bad file with its path and field, skips it and loads the others', async () => {
    const root = await tempTree({
      'process/first.md': good('first'),
      'process/broken.md': clauseFile({ ...validFrontMatter(), id: 'broken', version: 'one' }),
      'process/no-front-matter.md': '# just markdown\n',
      'process/bad-yaml.md': '---\nid: [unclosed\n---\n1. text\n',
      'process/second.md': good('second'),
      'README.md': 'not a clause',
    })
    const lib = await loadClauses(root)
    expect(lib.clauses.map((c) => c.id).sort()).toEqual(['first', 'second'])
    const prefix = root.split('/').pop()
    expect(lib.errors).toContainEqual({ path: `${prefix}/process/broken.md`, field: 'version', message: expect.stringContaining('positive integer') })
    expect(lib.errors).toContainEqual(expect.objectContaining({ path: `${prefix}/process/no-front-matter.md`, field: '(front matter)' }))
    expect(lib.errors).toContainEqual(expect.objectContaining({ path: `${prefix}/process/bad-yaml.md`, field: '(yaml)', message: expect.stringMatching(/^line \d+/) }))
  })

  it('reports a duplicate id with both paths and skips the second file', async () => {
    const root = await tempTree({
      'process/same.md': good('same'),
      'protection/same.md': clauseFile({ ...validFrontMatter(), id: 'same', category: 'protection' }),
    })
    const lib = await loadClauses(root)
    expect(lib.clauses).toHaveLength(1)
    const prefix = root.split('/').pop()
    expect(lib.pathOf.get('same')).toBe(`${prefix}/process/same.md`)
    expect(lib.errors).toEqual([{ path: `${prefix}/protection/same.md`, field: 'id', message: expect.stringContaining(`already used by ${prefix}/process/same.md`) }])
  })

  it('reports a clause whose folder or file name does not match its category or id', async () => {
    const root = await tempTree({ 'amnesty/other-name.md': good('test-clause') })
    const lib = await loadClauses(root)
    expect(lib.clauses).toHaveLength(0)
    expect(lib.errors.map((e) => e.field).sort()).toEqual(['category', 'id'])
  })

  it('reports an unreadable clause directory instead of throwing', async () => {
    const lib = await loadClauses('/nonexistent/clauses')
    expect(lib.errors[0]).toEqual(expect.objectContaining({ field: '(directory)' }))
  })
})

describe('loadTemplates', () => {
  it('reports a missing clause reference precisely and skips only that template', async () => {
    const clauseRoot = await tempTree({ 'process/test-clause.md': good('test-clause') })
    const clauses = await loadClauses(clauseRoot)
    const tpl = (id: string, ref: string) => [
      `id: ${id}`, 'title: A test agreement', 'version: 1', 'summary: For tests.',
      'preamble: ["The parties,", "Have agreed as follows:"]',
      'body:', `  - clause: ${ref}`, '  - article: Literal', '    text: "1. Plain text."',
      'conclusion: ["Done."]',
    ].join('\n')
    const root = await tempTree({ 'ok.yaml': tpl('ok', 'test-clause'), 'missing.yaml': tpl('missing', 'no-such-clause') })
    const lib = await loadTemplates(root, clauses.byId)
    expect(lib.templates.map((t) => t.id)).toEqual(['ok'])
    const prefix = root.split('/').pop()
    expect(lib.errors).toEqual([{ path: `${prefix}/missing.yaml`, field: 'body[0].clause', message: 'no clause "no-such-clause" in the library' }])
  })
})
