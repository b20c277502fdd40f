// `npm run export`: run as a process (tsx) against a data directory seeded with the sample treaty,
// it writes the export to the file asked for and audits it as the command line; a bad command
// line, an unknown document or format, or a refused final export exit non-zero, say why and write nothing.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentState, newTreaty, sampleTreaty, SAMPLE_PARAMETERS, SCHEMA_VERSION } from '../../editor/model/index.js'
import { createLogger } from '../../server/log.js'
import { openSqliteStore } from '../../server/store/sqlite.js'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'pacta-cli-'))
const dataDir = join(dir, 'data')
const SAMPLE = 'CliSample0001'
const UNFILLED = 'CliUnfilled01'

const open = () => openSqliteStore({ dataDir, synchronous: 'NORMAL', log: createLogger('silent') })

beforeAll(async () => {
  const store = open()
  const now = Date.now()
  await store.createDocument({ id: SAMPLE, title: 'Sample treaty', createdAt: now, updatedAt: now },
    [{ channel: 'content', state: contentState(sampleTreaty(), SAMPLE_PARAMETERS), schemaVersion: SCHEMA_VERSION }], [])
  // a new treaty has an empty article: the pre-export check finds errors in it
  await store.createDocument({ id: UNFILLED, title: 'Empty', createdAt: now, updatedAt: now },
    [{ channel: 'content', state: contentState(newTreaty('Empty'), {}), schemaVersion: SCHEMA_VERSION }], [])
  await store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the export command with `args` against the seeded data directory. */
function exportCommand(...args: string[]) {
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'server/cli/export.ts'), ...args], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('npm run export', () => {
  it('writes a clean Word document of a stored treaty to --out and audits it as the command line', { timeout: 180_000 }, async () => {
    const out = join(dir, 'sample.docx')
    const run = exportCommand(SAMPLE, '--format', 'docx', '--out', out, '--clean')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain(`wrote ${out} (docx,`)
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK')
    const store = open()
    try {
      const [entry] = await store.listAudit({ documentId: SAMPLE, limit: 1 })
      expect(entry).toMatchObject({ action: 'document-exported', actorId: 'cli:export', detail: { format: 'docx', clean: true } })
      expect(entry!.actorName).toMatch(/^command line \(npm run export, .+\)$/)
    } finally {
      await store.close()
    }
  })

  it('writes Markdown with the drafting notes unless --clean, and a PDF', { timeout: 180_000 }, () => {
    const md = join(dir, 'sample.md')
    expect(exportCommand(SAMPLE, '--format', 'markdown', '--out', md).status).toBe(0)
    expect(readFileSync(md, 'utf8')).toContain('> **Drafting note:**')
    const pdf = join(dir, 'sample.pdf')
    expect(exportCommand(SAMPLE, '--out', pdf, '--format', 'pdf', '--clean').status).toBe(0)
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('names an unknown document, and writes nothing', { timeout: 180_000 }, () => {
    const out = join(dir, 'missing.docx')
    const run = exportCommand('NoSuchDoc', '--format', 'docx', '--out', out)
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('export: document NoSuchDoc does not exist')
    expect(existsSync(out)).toBe(false)
  })

  it('refuses a final export while the check finds errors', { timeout: 180_000 }, () => {
    const out = join(dir, 'final.akn.xml')
    const run = exportCommand(UNFILLED, '--format', 'akn', '--out', out, '--final')
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^export: final export refused: the check found \d+ errors?: /)
    expect(existsSync(out)).toBe(false)
  })

  it('names an unknown format, a missing argument or option, with the usage', { timeout: 180_000 }, () => {
    const cases: Array<[string[], string]> = [
      [[SAMPLE, '--format', 'pdfx', '--out', 'x'], 'unknown format "pdfx": use html, akn, markdown, docx, pdf'],
      [['--format', 'docx', '--out', 'x'], 'missing the document id'],
      [[SAMPLE, '--out', 'x'], 'missing --format'],
      [[SAMPLE, '--format', 'docx'], 'missing --out FILE'],
      [[SAMPLE, '--format', 'docx', '--out', 'x', '--colour'], "Unknown option '--colour'"],
    ]
    for (const [args, message] of cases) {
      const run = exportCommand(...args)
      expect(run.status, args.join(' ')).toBe(2)
      expect(run.stderr, args.join(' ')).toContain(`export: ${message}`)
      expect(run.stderr).toContain('usage: npm run export -- <document id> --format')
    }
  })

  it('says where it looked when the data directory holds no Pacta data', { timeout: 180_000 }, () => {
    const empty = join(dir, 'empty')
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'server/cli/export.ts'), SAMPLE, '--format', 'docx', '--out', join(dir, 'e.docx')], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATA_DIR: empty },
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`no Pacta data in ${empty}`)
    expect(existsSync(empty)).toBe(false)
  })
})
