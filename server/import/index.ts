// Importing a file: which importer reads it (from the format asked for, or the file's name), the
// checks every file passes first (not empty, not too large, text that is text), and the importers.
import { importAkn } from './akn.js'
import { DEFAULT_DOCX_LIMITS, importDocx, type DocxLimits } from './docx.js'
import { ImportError } from './errors.js'
import { importMarkdown, importPlainText } from './markdown.js'
import type { ImportedTreaty } from './structure.js'

export { ImportError } from './errors.js'
export type { ImportedTreaty } from './structure.js'

/** The formats Pacta imports. */
export const IMPORT_FORMATS = ['docx', 'akn', 'markdown', 'text'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** Names a format may be given by (in `?format=` or a file extension), and the format each means. */
const FORMAT_NAMES: Record<string, ImportFormat> = {
  docx: 'docx', akn: 'akn', xml: 'akn', 'akn.xml': 'akn', markdown: 'markdown', md: 'markdown', text: 'text', txt: 'text',
}

/** The file extensions the import accepts, for file pickers. */
export const IMPORT_EXTENSIONS = ['.docx', '.xml', '.akn', '.md', '.markdown', '.txt'] as const

/** Limits every import is held to. */
export interface ImportLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number
  docx: DocxLimits
}

/** One file to import: its bytes, its name, and the format asked for (else its extension decides). */
export interface ImportFile {
  bytes: Uint8Array
  filename: string
  format?: string
}

const SUPPORTED = 'Pacta imports Word (.docx), Akoma Ntoso (.xml, .akn), Markdown (.md) and plain text (.txt)'

/** The format of `file`: the one asked for, else the one its extension names; an ImportError (415) when neither says. */
export function formatOf(file: Pick<ImportFile, 'filename' | 'format'>): ImportFormat {
  if (file.format !== undefined && file.format !== '') {
    const named = FORMAT_NAMES[file.format.toLowerCase()]
    if (!named) throw new ImportError(`unknown import format "${file.format.slice(0, 40)}": ${SUPPORTED}`, 415)
    return named
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.filename)?.[1]?.toLowerCase()
  const byExt = ext ? FORMAT_NAMES[ext] : undefined
  if (!byExt) throw new ImportError(`cannot tell the format of "${file.filename.slice(0, 80)}": ${SUPPORTED}`, 415)
  return byExt
}

const MB = 1024 * 1024
/** A size as people read it: "1.5 MB", "20 KB". */
export const describeBytes = (bytes: number): string => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`)

/** The file's bytes as UTF-8 text; an ImportError naming what the file is when it is not text. */
function asText(bytes: Uint8Array, format: ImportFormat): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 5))
  const kind = format === 'akn' ? 'an XML file' : 'a text file'
  if (head.startsWith('%PDF')) throw new ImportError(`the file is a PDF, not ${kind}`)
  if (head.startsWith('PK\x03\x04')) throw new ImportError(`the file is a ZIP package (a Word document?), not ${kind}`)
  if (bytes.includes(0)) throw new ImportError(`the file is binary data, not ${kind}`)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportError(`the file is not UTF-8 text: save it as UTF-8 and try again`)
  }
}

/**
 * Imports `file` with the importer for its format. Refuses (ImportError) an empty file, one over
 * `limits.maxBytes`, an unknown format, and anything its importer cannot read; nothing else is
 * touched, so a refused file leaves no trace.
 */
export function importFile(file: ImportFile, limits: ImportLimits = { maxBytes: 20 * MB, docx: DEFAULT_DOCX_LIMITS }): ImportedTreaty {
  const format = formatOf(file)
  if (file.bytes.length === 0) throw new ImportError('the file is empty')
  if (file.bytes.length > limits.maxBytes) {
    throw new ImportError(`the file is ${describeBytes(file.bytes.length)}; the largest import accepted is ${describeBytes(limits.maxBytes)}`, 413)
  }
  let imported: ImportedTreaty
  if (format === 'docx') imported = importDocx(file.bytes, limits.docx)
  else {
    const text = asText(file.bytes, format)
    if (text.trim() === '') throw new ImportError('the file holds no text')
    if (format === 'akn') {
      if (!text.replace(/^\uFEFF/, '').trimStart().startsWith('<')) throw new ImportError('the file is not XML: an Akoma Ntoso document starts with "<"')
      imported = importAkn(text)
    } else imported = format === 'markdown' ? importMarkdown(text) : importPlainText(text)
  }
  if (imported.doc.textContent.trim() === '') throw new ImportError('the file holds no treaty text')
  return imported
}
