// Builders for clause-file text and temporary library folders used by the library tests.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** The front matter of a small valid clause, as an object, to be altered by each test. */
export function validFrontMatter(): Record<string, unknown> {
  return {
    id: 'test-clause',
    title: 'Test clause',
    category: 'process',
    tags: ['pacta-confidentiality'],
    version: 1,
    summary: 'A clause for tests.',
    inserts: 'article',
    parameters: [
      { name: 'party_a', label: 'First party', type: 'party', required: true },
      { name: 'days', label: 'Days', type: 'number', required: false, default: '30' },
    ],
    sources: [{ instrument: 'Charter of the United Nations', article: 33, paragraph: 1 }],
    body: '### Heading\n\n1. {{party_a}} shall act within {{days}} days.\n2. As provided in {{ref:1}}:\n   (a) first;\n   (b) second, with [[=a term]] defined.\n',
  }
}

/** The file text of a clause with the given front-matter fields (body taken from `body`). */
export function clauseFile(fields: Record<string, unknown>): string {
  const { body, ...rest } = fields
  const yaml = Object.entries(rest).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')
  return `---\n${yaml}\n---\n${String(body ?? '')}`
}

/** A fresh temporary folder holding `files` (relative path → text). */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'pacta-library-'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  return root
}
