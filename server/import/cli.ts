// `npm run import -- FILE [--title T] [--format F] [--as USERNAME] [--preview]`: imports a file
// into the data directory (DATA_DIR, as the server uses it) through the same import service as the
// API, prints the report, and the new document's id. The owner (convener) is --as, else the first
// admin. Safe while the server runs: SQLite lets the two write in turn.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import type { ImportReport } from '../../editor/model/api-views.js'
import { ConfigError, loadConfig } from '../config.js'
import { AppError } from '../errors.js'
import { createLogger } from '../log.js'
import { AccessService } from '../services/access.js'
import { AuditService } from '../services/audit.js'
import { DocumentsService } from '../services/documents.js'
import { ImportsService } from '../services/imports.js'
import { SessionsService } from '../services/sessions.js'
import type { CurrentUser } from '../services/sessions.js'
import { openSqliteStore } from '../store/sqlite.js'
import { DEFAULT_DOCX_LIMITS } from './docx.js'

const USAGE = 'usage: npm run import -- FILE [--title TITLE] [--format docx|akn|markdown|text] [--as USERNAME] [--preview]'

/** The report as lines for a terminal. */
export function reportLines(report: ImportReport): string[] {
  const c = report.counts
  const lines = [
    `read as ${report.format}; title: ${report.title || '(none)'}`,
    `recognised: ${c.parts} parts, ${c.chapters} chapters, ${c.sections} sections, ${c.articles} articles, ${c.paragraphs} numbered paragraphs, ` +
      `${c.items} items, ${c.recitals} recitals, ${c.annexes} annexes, ${c.signatures} signature blocks, ${c.subheadings} other headings`,
  ]
  if (report.fallbacks.length) lines.push(`${report.fallbacks.length} not recognised as structure:`)
  for (const f of report.fallbacks) lines.push(`  "${f.text}": ${f.reason}`)
  return lines
}

const parse = () => parseArgs({
  allowPositionals: true,
  options: { title: { type: 'string' }, format: { type: 'string' }, as: { type: 'string' }, preview: { type: 'boolean' }, help: { type: 'boolean' } },
})

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>
  try { args = parse() } catch (err) { process.stderr.write(`${(err as Error).message}\n${USAGE}\n`); return 2 }
  const [path, ...extra] = args.positionals
  if (args.values.help) { process.stdout.write(`${USAGE}\n`); return 0 }
  if (!path || extra.length) { process.stderr.write(`${USAGE}\n`); return 2 }

  let bytes: Uint8Array
  try { bytes = new Uint8Array(readFileSync(path)) } catch (err) { process.stderr.write(`cannot read ${path}: ${(err as Error).message}\n`); return 1 }

  const config = loadConfig()
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn')
  const store = openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous, log })
  try {
    const owner = args.values.as !== undefined
      ? await store.getUserByName(args.values.as)
      : (await store.listUsers()).find((u) => u.isAdmin && !u.disabled) ?? null
    if (!owner || owner.disabled) {
      process.stderr.write(args.values.as !== undefined
        ? `no active account "${args.values.as}" in ${config.dataDir}\n`
        : `no admin account in ${config.dataDir}: start the server once (it creates the admin), or pass --as USERNAME\n`)
      return 1
    }
    const user: CurrentUser = { id: owner.id, username: owner.username, displayName: owner.displayName, isAdmin: owner.isAdmin, mustChangePassword: false, tokenHash: '' }
    const audit = new AuditService(store, log)
    const sessions = new SessionsService(store, config.sessionTtlHours * 3600 * 1000)
    // no server runs here: a new document has no live sync sessions to close, and none to prepare
    const documents = new DocumentsService(store, { closeDocument: () => {}, prepare: () => {} }, log, new AccessService(store, sessions), audit)
    const imports = new ImportsService(documents, audit, log, { maxBytes: config.importMaxBytes, docx: DEFAULT_DOCX_LIMITS })
    const file = { bytes, filename: basename(path), ...(args.values.format !== undefined ? { format: args.values.format } : {}) }
    const title = args.values.title?.replace(/\s+/g, ' ').trim()
    if (title !== undefined && (title === '' || [...title].length > 200)) { process.stderr.write('--title must be 1 to 200 characters\n'); return 2 }
    if (args.values.preview) {
      const preview = await imports.preview(file, user)
      process.stdout.write(`${reportLines(preview.report).join('\n')}\nwould be created as "${preview.title}"\n`)
      return 0
    }
    const result = await imports.create(file, title, user)
    process.stdout.write(`${reportLines(result.report).join('\n')}\ncreated "${result.document.title}" (${result.document.id}), owned by ${owner.username}: /d/${result.document.id}\n`)
    return 0
  } catch (err) {
    if (err instanceof AppError) { process.stderr.write(`import refused: ${err.message}\n`); return 1 }
    throw err
  } finally {
    await store.close()
  }
}

try {
  process.exitCode = await main()
} catch (err) {
  process.stderr.write(err instanceof ConfigError ? `Configuration error: ${err.message}\n` : `import failed: ${(err as Error)?.stack ?? err}\n`)
  process.exitCode = 1
}
