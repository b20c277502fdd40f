// Collects an import's report while a document is built: what was recognised, what fell back.
import type { ImportCounts, ImportFallback, ImportReport } from '../../editor/model/api-views.js'

/** How much of a fallback's text the report quotes. */
const QUOTE = 80

/** Counts and fallbacks of one import, filled in by the builder and read once at the end. */
export class ReportBuilder {
  readonly counts: ImportCounts = {
    parts: 0, chapters: 0, sections: 0, articles: 0, paragraphs: 0, items: 0, recitals: 0, annexes: 0, signatures: 0, subheadings: 0,
  }
  private readonly fallbacks: ImportFallback[] = []

  /** Notes that `text` was not recognised as structure, and why (with what it became). */
  fallback(text: string, reason: string): void {
    const clean = text.replace(/\s+/g, ' ').trim()
    this.fallbacks.push({ text: clean.length > QUOTE ? `${clean.slice(0, QUOTE - 1)}…` : clean, reason })
  }

  /** The finished report. */
  report(format: string, title: string): ImportReport {
    return { format, title, counts: { ...this.counts }, fallbacks: [...this.fallbacks] }
  }
}
