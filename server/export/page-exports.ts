// Where the page-based exports (PDF and Word) are rendered: on the calling thread, or in a pool of
// worker threads (export-workers.ts) so that laying out a long treaty never holds up the server's
// event loop, and with it every live document.
import type { Node } from 'prosemirror-model'
import { treatyToDocx, type DocxExportOptions } from './docx.js'
import { treatyToPdf, type PdfExportOptions } from './pdf.js'

/** The page-based formats, the ones heavy enough to be rendered off the event loop. */
export type PageFormat = 'pdf' | 'docx'

/** Each page format's options. */
export interface PageOptions { pdf: PdfExportOptions; docx: DocxExportOptions }

/** Renders the page-based formats. */
export interface PageExporter {
  render<F extends PageFormat>(format: F, doc: Node, params: Record<string, string>, options: PageOptions[F]): Promise<Uint8Array>
}

/** Renders `format` on the calling thread. */
export async function renderPage<F extends PageFormat>(format: F, doc: Node, params: Record<string, string>, options: PageOptions[F]): Promise<Uint8Array> {
  return format === 'pdf' ? treatyToPdf(doc, params, options as PdfExportOptions) : treatyToDocx(doc, params, options as DocxExportOptions)
}

/** Renders on the calling thread (the command line, and a server started with EXPORT_WORKERS=0). */
export const inProcessPages: PageExporter = { render: renderPage }
