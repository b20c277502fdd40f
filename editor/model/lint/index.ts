// Pre-export checks, DOM-free: every rule run over one document, findings in document order
// (errors first where two share a place). The editor's Check panel, the export dialog, the
// lint endpoint and the final export all call `lintDocument`.
import { numberTreaty } from '../numbering.js'
import { danglingXref } from './dangling-xref.js'
import { emptyArticle } from './empty-article.js'
import type { LintFinding, LintInput, LintRule } from './finding.js'
import { legalSafeguards } from './legal-safeguards.js'
import { openReview } from './open-review.js'
import { outdatedStandard } from './outdated-standard.js'
import { undefinedTerm } from './undefined-term.js'
import { unestablishedInstitution } from './unestablished-institution.js'
import { unfilledParameter } from './unfilled-parameter.js'

export type { ClauseRef, LibraryLookup, LintFinding, LintFix, LintInput, LintLocation, LintRule, LintSeverity } from './finding.js'
export { locate } from './finding.js'
export { GRAVEST_CRIMES } from './legal-safeguards.js'

/** Every rule, in the order their findings are listed where positions tie. */
export const LINT_RULES: readonly LintRule[] = [
  unfilledParameter, danglingXref, emptyArticle, undefinedTerm, openReview, unestablishedInstitution, legalSafeguards, outdatedStandard,
]

/** The findings of every rule on `input`, in document order; findings without a place come last. */
export function lintDocument(input: LintInput): LintFinding[] {
  const ctx = { ...input, numbering: numberTreaty(input.doc) }
  const findings = LINT_RULES.flatMap((rule) => rule.run(ctx))
  const order = (f: LintFinding) => f.location?.pos ?? Number.MAX_SAFE_INTEGER
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || (a.f.severity === b.f.severity ? a.i - b.i : a.f.severity === 'error' ? -1 : 1))
    .map(({ f }) => f)
}

/** The errors among `findings`. */
export const lintErrors = (findings: readonly LintFinding[]): LintFinding[] => findings.filter((f) => f.severity === 'error')
export { parameterDeclarations } from './declarations.js'
export { libraryFixIndex, libraryLookup, type LibraryFixIndex, type EstablishingClause } from './library-fixes.js'
