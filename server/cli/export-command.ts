// What `npm run export` does (export.ts is its entry): reads its command line, then exports a
// document of the data directory to a file through the same ExportsService as the REST endpoint,
// so the lint, the final-export rule and the audit entry are the same; the audit records the
// command line as the actor. It reads the stored state, which holds every edit a running server
// has confirmed, so it can run beside the server.
import { existsSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { createLogger } from '../log.js'
import { AccessService } from '../services/access.js'
import { AuditService } from '../services/audit.js'
import { EXPORT_FORMATS, ExportsService, isExportFormat, type ExportFormat } from '../services/exports.js'
import { LibraryService } from '../services/library.js'
import { SessionsService, type CurrentUser } from '../services/sessions.js'
import { openSqliteStore, SQLITE_FILE } from '../store/sqlite.js'

/** The command's usage text. */
export const USAGE = `usage: npm run export -- <document id> --format <${EXPORT_FORMATS.join('|')}> --out FILE [--clean] [--final]
  --clean   leave drafting notes out
  --final   a final export: clean, and refused while the pre-export check finds errors
  The data directory is DATA_DIR (default ./data), as for the server.`

/** A mistake in the command line: the message, then the usage. */
export class UsageError extends Error {}

/** What the command line asks for. */
export interface ExportCommand {
  documentId: string
  format: ExportFormat
  out: string
  clean: boolean
  final: boolean
}

/** The command line `args` (after the script name) as an ExportCommand; throws a UsageError naming what is wrong. */
export function parseExportArgs(args: string[]): ExportCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) throw new UsageError('')
  if (positionals.length === 0) throw new UsageError('missing the document id')
  if (positionals.length > 1) throw new UsageError(`one document id only, got ${positionals.length}: ${positionals.join(' ')}`)
  if (values.format === undefined) throw new UsageError('missing --format')
  if (!isExportFormat(values.format)) throw new UsageError(`unknown format "${values.format}": use ${EXPORT_FORMATS.join(', ')}`)
  if (values.out === undefined || values.out.trim() === '') throw new UsageError('missing --out FILE')
  return { documentId: positionals[0]!, format: values.format, out: resolve(values.out), clean: values.clean === true, final: values.final === true }
}

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  clean: { type: 'boolean' },
  final: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/**
 * Who the command line acts as: an administrator (whoever can read the data directory can read
 * every document in it) whose audit entries name the command and the operating-system user.
 */
function commandLineUser(): CurrentUser {
  let who = 'unknown user'
  try { who = userInfo().username } catch { /* no passwd entry: keep the placeholder */ }
  return { id: 'cli:export', username: 'cli:export', displayName: `command line (npm run export, ${who})`, isAdmin: true, mustChangePassword: false, tokenHash: '' }
}

/** Runs `command` against the data directory `dataDir`; resolves to the file written and its size. */
export async function runExport(command: ExportCommand, dataDir: string): Promise<{ path: string; bytes: number }> {
  // opening a missing database would create an empty one: say where Pacta's data was looked for instead
  if (!existsSync(join(dataDir, SQLITE_FILE))) throw new Error(`no Pacta data in ${dataDir} (${SQLITE_FILE} not found): set DATA_DIR to the server's data directory`)
  const log = createLogger('warn')
  const config = loadConfig()
  const store = openSqliteStore({ dataDir, synchronous: config.sqliteSynchronous, log })
  try {
    const access = new AccessService(store, new SessionsService(store, config.sessionTtlHours * 3600 * 1000))
    const library = await LibraryService.load({ root: resolve(import.meta.dirname, '../..'), store, log })
    const exportsService = new ExportsService(store, null, access, new AuditService(store, log), log, (id) => library.find(id))
    const file = await exportsService.export(command.documentId, command.format, { clean: command.clean, final: command.final }, commandLineUser())
    const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body
    writeFileSync(command.out, body)
    return { path: command.out, bytes: body.length }
  } finally {
    await store.close()
  }
}
