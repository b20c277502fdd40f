// UNCLOS (the 1982 Convention on the Law of the Sea) as a Pacta treaty: the large document of the
// benchmarks and of the export tests, read from the corpus Markdown by Pacta's own Markdown
// importer (server/import), so it is what a drafter importing the Convention gets.
// Run alone (`npx tsx bench/editor/unclos.ts`) it prints what it built.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node } from 'prosemirror-model'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { clampLevel } from '../../editor/model/schema.js'
import { importMarkdown } from '../../server/import/markdown.js'

/** The corpus file, beside the repository (../shared/corpus). */
export const UNCLOS_PATH = resolve(import.meta.dirname, '../../../shared/corpus/unclos-1982_law-of-the-sea.en.md')

/** What the import made. */
export interface UnclosCounts {
  parts: number
  sections: number
  articles: number
  annexes: number
  /** Text blocks of articles and annexes by level: "1." (and unnumbered article text), "(a)", "(i)". */
  paragraphs: [number, number, number]
  /** Text closing a list ("continues" blocks). */
  continuing: number
  recitals: number
  /** Pieces the importer could only keep as plain paragraphs or notes (its report's fallbacks). */
  fallbacks: number
}

/** The treaty, its counts, and ids the benchmark aims at. */
export interface Unclos {
  doc: Node
  counts: UnclosCounts
  /** Ids of every article (of the Convention proper and of the annexes), in document order. */
  articleIds: string[]
}

/** Imports UNCLOS from the corpus Markdown at `path` and counts what it holds. */
export function buildUnclos(path = UNCLOS_PATH): Unclos {
  const { doc, report } = importMarkdown(readFileSync(path, 'utf8'))
  const counts: UnclosCounts = { parts: 0, sections: 0, articles: 0, annexes: 0, paragraphs: [0, 0, 0], continuing: 0, recitals: 0, fallbacks: report.fallbacks.length }
  const articleIds: string[] = []
  doc.descendants((node) => {
    switch (node.type.name) {
      case 'part': counts.parts++; break
      case 'section': counts.sections++; break
      case 'annex': counts.annexes++; break
      case 'recital': counts.recitals++; return false
      case 'article': counts.articles++; articleIds.push(String(node.attrs.id)); break
      case 'paragraph':
        if (node.attrs.continues) counts.continuing++
        else counts.paragraphs[clampLevel(node.attrs.level)]!++
        return false
    }
    return !node.isTextblock
  })
  return { doc, counts, articleIds }
}

/** Imports UNCLOS and fails unless it is in treaty shape. */
export function unclosTreaty(path = UNCLOS_PATH): Unclos {
  const built = buildUnclos(path)
  const errors = treatyShapeErrors(built.doc)
  if (errors.length > 0) throw new Error(`UNCLOS is not in treaty shape:\n${errors.slice(0, 10).join('\n')}`)
  return built
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { doc: treaty, counts } = unclosTreaty()
  const blocks = counts.paragraphs.reduce((a, b) => a + b, 0)
  console.log(`UNCLOS: ${counts.parts} parts, ${counts.sections} sections, ${counts.articles} articles, ${counts.annexes} annexes, ` +
    `${counts.recitals} recitals; ${blocks} numbered blocks (${counts.paragraphs.join(' / ')} at levels 0 / 1 / 2) and ${counts.continuing} closing texts; ` +
    `${treaty.content.size} positions, ${treaty.textContent.length} characters; ${counts.fallbacks} pieces the importer kept as plain text`)
}
