// One rule for parameter names (editor/model/clauses/vocabulary.ts): a clause file, the editor's
// "Insert a parameter" command and a selection saved as a clause accept and refuse the same names,
// so a name the editor takes can always be written back into a clause.
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertParameter } from '../../editor/commands/inline.js'
import { isParameterName, validateClause } from '../../editor/model/clauses/index.js'
import { article, doc, heading, param, paragraph } from '../../editor/model/build.js'
import { createLogger } from '../../server/log.js'
import { LibraryService } from '../../server/services/library.js'
import { at, stateOf } from '../editor/state.js'

const REPO = resolve(import.meta.dirname, '../..')
const ACCEPTED = ['party_a', 'x', 'days30', 'amnesty_cutoff', 'a'.repeat(60)]
const REFUSED = ['', 'Party', 'party-a', '1party', '_party', 'partie_é', 'Ωmega', 'party a', 'party_a!', 'a'.repeat(61)]

/** Whether a clause file declaring `name` and using it as `{{name}}` is valid. */
const clauseFileAccepts = (name: string) => !validateClause({
  id: 'names', title: 'Names', category: 'process', tags: ['pacta-inclusion'], version: 1, summary: 'Parameter names.',
  inserts: 'article', parameters: [{ name, label: 'A value', type: 'text' }], sources: [{ instrument: 'Own drafting', section: 'whole text' }],
  body: `### Heading\n\n1. {{${name}}} acts.\n`,
}, 'test/names.md').errors

/** Whether the editor inserts a parameter called `name` (the command's dry run). */
const editorAccepts = (name: string) => insertParameter(name)(at(stateOf(doc(article({ id: 'art-a' }, heading('Scope'), paragraph({ id: 'para-a' }, 'The parties agree.')))), 'agree'))

describe('parameter names', () => {
  let library: LibraryService
  let saved = 0
  /** Whether the library saves a selection holding a parameter called `name`. */
  const libraryAccepts = async (name: string) => {
    const selection = article({ id: 'art-a' }, heading('Scope'), paragraph({ id: 'para-a' }, 'Done by ', param(name), '.'))
    try {
      await library.save({ id: `names-${++saved}`, title: 'Names', category: 'process', tags: ['pacta-inclusion'], summary: 'Parameter names.', content: [selection.toJSON()] })
      return true
    } catch (e) {
      expect(e).toMatchObject({ status: 400 })
      return false
    }
  }

  beforeAll(async () => {
    library = await LibraryService.load({
      root: REPO,
      store: { listSavedClauses: async () => [], insertSavedClause: async () => true },
      log: createLogger('silent'),
    })
  })

  it.each(ACCEPTED)('%s is accepted by the rule, a clause file, the editor and the library', async (name) => {
    expect([isParameterName(name), clauseFileAccepts(name), editorAccepts(name), await libraryAccepts(name)]).toEqual([true, true, true, true])
  })

  it.each(REFUSED)('"%s" is refused by the rule, a clause file, the editor and the library', async (name) => {
    expect([isParameterName(name), clauseFileAccepts(name), editorAccepts(name), await libraryAccepts(name)]).toEqual([false, false, false, false])
  })
})
