// Rule: an article that grants an amnesty, an immunity or safe conduct carries the safeguards of
// the library's legal standard (clauses/standards.yaml), whoever wrote its text:
//   amnesty or immunity  the gravest crimes excluded (error);
//   amnesty              conditions (warning) and revocation after a hearing (warning);
//   immunity, safe conduct  a limit in time (error).
// The words looked for are the substance of the standard, not its wording, so that a drafter's own
// text passes when it says the same thing; tests/library/standards.test.ts checks that the
// standard's own list names every crime this rule looks for.
import type { Node } from 'prosemirror-model'
import { inPlace, locate, type LintFinding, type LintRule } from './finding.js'

/** The crimes an amnesty or immunity must exclude, as they are named in the text (lower case). */
export const GRAVEST_CRIMES = ['genocide', 'crimes against humanity', 'war crimes', 'torture', 'enforced disappearance', 'sexual violence'] as const

/** The library clauses that supply a missing safeguard, named in the finding. */
const FIX = { exclusions: 'amnesty-exclusions', revocation: 'amnesty-revocation' } as const

const sentencesOf = (text: string) => text.split(/(?<=[.;:])\s+|\n/)
/** A sentence that excludes rather than grants ("No amnesty … shall extend to …"). */
const negative = (s: string) => /^\s*(?:\d+\.\s*)?(?:no|nothing|neither)\b/i.test(s)

/** What an article grants, judged sentence by sentence. */
function grants(text: string): { amnesty: boolean; immunity: boolean; safeConduct: boolean } {
  const out = { amnesty: false, immunity: false, safeConduct: false }
  for (const s of sentencesOf(text)) {
    if (negative(s)) continue
    if (/\bamnest(?:y|ies)\b/i.test(s) && /\bgrant/i.test(s)) out.amnesty = true
    if (/\bimmun(?:e|ity) from\b/i.test(s) || /\bshall not (?:prosecute|be prosecuted)\b/i.test(s)) out.immunity = true
    if (/\bsafe conduct\b/i.test(s) && /\bgrant/i.test(s)) out.safeConduct = true
  }
  return out
}

const TIME_LIMIT = /\b(?:period|until|lasts?|ends?|expires?|days?|weeks?|months?|years?)\b/i
const CONDITIONS = /\b(?:condition(?:s|al)?|only where|provided that)\b/i
const REVOCATION = /\brevo(?:ke|ked|cation)\b/i
const HEARING = /\b(?:heard|hearing)\b/i

export const legalSafeguards: LintRule = {
  id: 'legal-safeguards',
  run(ctx) {
    const findings: LintFinding[] = []
    ctx.doc.descendants((node: Node, pos: number) => {
      if (node.type.name !== 'article') return true
      // blocks joined by a line break, so that no sentence runs on from one paragraph into the next
      const blocks: string[] = []
      node.forEach((child) => blocks.push(child.textContent))
      const text = blocks.join('\n')
      const lower = text.toLowerCase()
      const granted = grants(text)
      if (!granted.amnesty && !granted.immunity && !granted.safeConduct) return false
      const location = locate(ctx, pos)
      const what = granted.amnesty ? 'an amnesty' : granted.immunity ? 'an immunity' : 'safe conduct'
      const add = (severity: LintFinding['severity'], problem: string, clause?: string) =>
        findings.push({ rule: 'legal-safeguards', severity, location, message: `The article granting ${what}${inPlace(location)} ${problem}`, ...(clause ? { fix: { clause } } : {}) })
      if (granted.amnesty || granted.immunity) {
        const missing = GRAVEST_CRIMES.filter((c) => !lower.includes(c))
        if (missing.length) add('error', `does not exclude ${missing.join(', ')}: insert the standard exclusions (library clause “${FIX.exclusions}”)`, FIX.exclusions)
      }
      if (granted.amnesty) {
        if (!CONDITIONS.test(text)) add('warning', 'sets no conditions (disclosure, disarmament, non-repetition, reparation)')
        if (!REVOCATION.test(text) || !HEARING.test(text)) add('warning', `provides no revocation after a hearing (library clause “${FIX.revocation}”)`, FIX.revocation)
      }
      if ((granted.immunity || granted.safeConduct) && !TIME_LIMIT.test(text)) add('error', 'sets no limit in time')
      return false
    })
    return findings
  },
}
