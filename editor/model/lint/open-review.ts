// Rule: review left undone. An undecided suggestion is an error (the text itself is in question);
// an open comment thread is a warning. Deleted and dismissed threads do not count.
import { listThreads } from '../annotations/store.js'
import { resolveAnchor } from '../annotations/anchors.js'
import { FragmentPositions } from '../annotations/positions.js'
import { inPlace, locate, quoted, type LintContext, type LintFinding, type LintLocation, type LintRule } from './finding.js'

export const openReview: LintRule = {
  id: 'open-review',
  run(ctx) {
    if (!ctx.annotations) return []
    const findings: LintFinding[] = []
    const fragment = ctx.annotations.fragment
    const positions = fragment ? new FragmentPositions(fragment) : null
    for (const thread of listThreads(ctx.annotations.doc)) {
      if (thread.deleted || thread.dismissed) continue
      const undecided = thread.kind === 'suggestion' && thread.decision === null && thread.resolution === null
      const open = thread.kind === 'comment' && thread.resolution === null
      if (!undecided && !open) continue
      const location = fragment && positions ? where(ctx, thread.anchor, thread.quote, fragment, positions) : null
      const on = thread.quote.text ? ` on ${quoted(thread.quote.text, 40)}` : ''
      const place = location ? inPlace(location) : fragment ? ' (its text was deleted)' : ''
      findings.push(undecided
        ? { rule: 'open-review', severity: 'error', message: `A suggestion${on}${place} is neither accepted nor rejected`, location }
        : { rule: 'open-review', severity: 'warning', message: `A comment thread${on}${place} is still open`, location })
    }
    return findings
  },
}

function where(ctx: LintContext, anchor: Parameters<typeof resolveAnchor>[0], quote: Parameters<typeof resolveAnchor>[1], fragment: NonNullable<NonNullable<LintContext['annotations']>['fragment']>, positions: FragmentPositions): LintLocation | null {
  const state = resolveAnchor(anchor, quote, fragment, positions)
  return state.status === 'orphaned' ? null : locate(ctx, state.from)
}
