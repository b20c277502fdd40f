// Word export, opened by another word processor: LibreOffice (headless, its Word 2007 filter)
// reads the .docx of the sample treaty and of UNCLOS and writes it out as text that holds every
// article heading in order. soffice exits 0 even when it could not convert, so the test checks
// that the text file exists and what it holds.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Node } from 'prosemirror-model'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { unclosTreaty } from '../../bench/editor/unclos.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { articleHeadings, flat, missingInOrder } from './headings.js'

const UNCLOS = resolve(import.meta.dirname, '../fixtures/corpus/unclos-1982_law-of-the-sea.en.md')
const dir = mkdtempSync(join(tmpdir(), 'pacta-soffice-'))
// a profile of its own, so the test neither reads nor locks the user's LibreOffice settings
const profile = pathToFileURL(join(dir, 'profile')).href
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** LibreOffice's plain-text rendering of the .docx `bytes`; throws with soffice's output when it wrote none. */
function libreOfficeText(bytes: Uint8Array, name: string): string {
  const input = join(dir, `${name}.docx`)
  const out = join(dir, `${name}-out`)
  mkdirSync(out, { recursive: true })
  writeFileSync(input, bytes)
  const run = spawnSync('soffice', [
    `-env:UserInstallation=${profile}`, '--headless', '--norestore', '--infilter=MS Word 2007 XML',
    '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', out, input,
  ], { encoding: 'utf8', timeout: 240_000 })
  const text = join(out, `${name}.txt`)
  if (!existsSync(text)) {
    throw new Error(`soffice wrote no ${name}.txt (status ${run.status}, ${run.error?.message ?? 'no error'}):\n${run.stdout}\n${run.stderr}`)
  }
  return readFileSync(text, 'utf8').replace(/^\ufeff/, '')
}

const exportOf = (treaty: Node, params: Record<string, string>) =>
  treatyToDocx(treaty, params, { title: 'x', clean: true, exportedAt: new Date('2026-02-01T12:00:00Z') })

describe('Word export in LibreOffice', () => {
  it('opens the sample treaty with its title page and every article heading in order', { timeout: 300_000 }, async () => {
    const text = libreOfficeText(await exportOf(sampleTreaty(), SAMPLE_PARAMETERS), 'sample')
    const lines = text.split(/\r?\n/)
    expect(lines.slice(0, 3)).toEqual(['Model Treaty on the Protection and Facilitation of Peace Negotiations', 'Clean draft', '1 February 2026'])
    const headings = articleHeadings(sampleTreaty())
    expect(headings.length).toBeGreaterThan(5)
    expect(missingInOrder(text, headings)).toEqual([])
    expect(flat(text)).toContain('(c) authorised talks means negotiations that a State Party has authorised in writing under Article 3.')
  })

  it('opens UNCLOS with every article heading in order', { timeout: 300_000 }, async () => {
    const { doc: unclos } = unclosTreaty(UNCLOS)
    const text = libreOfficeText(await exportOf(unclos, {}), 'unclos')
    const headings = articleHeadings(unclos)
    expect(headings.length).toBeGreaterThan(400)
    expect(missingInOrder(text, headings)).toEqual([])
  })
})
