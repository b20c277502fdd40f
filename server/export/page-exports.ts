// Where the page-based exports (PDF and Word) are rendered: on the calling thread, or in a pool of
// worker threads (export-workers.ts) so that laying out a long treaty never holds up the server's
// event loop, and with it every live document.
import type { Node } from 'prosemirror-model'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
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

/**
 * How many times the warm-up lays out the sample treaty: once parses the fonts, but the layout code
 * is only compiled at its fastest after many runs (measured: the first UNCLOS PDF after one round
 * took 40 % more CPU than the next, after 40 rounds no more).
 */
export const WARM_UP_ROUNDS = 30

/**
 * One round of the warm-up: the sample treaty laid out in each page format (fonts parsed, words
 * laid out, exporters compiled). After WARM_UP_ROUNDS of them the next export of the thread is as
 * fast as a running server's. The export workers do it at start.
 */
export async function warmPageExports(): Promise<void> {
  await renderPage('pdf', sampleTreaty(), SAMPLE_PARAMETERS, { title: 'Warm-up', clean: false })
  await renderPage('docx', sampleTreaty(), SAMPLE_PARAMETERS, { title: 'Warm-up', clean: false })
}
