// @vitest-environment jsdom
// Three drafters edit one treaty's structure concurrently over an unreliable network; they must converge on one valid treaty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Schema, type Node } from 'prosemirror-model'
import { redo, undo, yUndoPlugin } from 'y-prosemirror'
import { normalizePlugin } from '../../editor/plugins/normalize.js'
import * as b from '../../editor/model/build.js'
import { marks, nodes } from '../../editor/model/schema.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { fuzzSeeds, seededRng } from '../helpers/prng.js'
import { YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { randomEdit } from './edits.js'
import { TokenLedger, textOf, tokensIn, type TokenAudit } from './tokens.js'

/** Fail on the known y-prosemirror text-merge loss too (see text-merge-race.test.ts). */
const STRICT = process.env.FUZZ_STRICT === '1'
const STEPS = Number(process.env.FUZZ_STEPS ?? 40)
if (!Number.isInteger(STEPS) || STEPS < 1) throw new Error(`FUZZ_STEPS must be a positive integer, got "${process.env.FUZZ_STEPS}"`)
const SEEDS = fuzzSeeds(30)

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

/** Counts over every session of this run, printed at the end so a long run says what it exercised. */
const totals = { sessions: 0, delivered: 0, tokens: 0, deliberate: 0, restructured: 0, merged: 0 }
afterAll(() => {
  if (totals.sessions === 0) return
  console.log(`convergence: ${totals.sessions} sessions × ${STEPS} steps, ${totals.delivered} updates delivered; ` +
    `${totals.tokens} words typed, ${totals.deliberate} deleted on purpose, ${totals.restructured} lost inside an element ` +
    `another drafter concurrently deleted, moved, joined or re-levelled, ${totals.merged} lost when y-prosemirror ` +
    `merged two texts of a block (known upstream loss), none lost otherwise`)
})

/** A small treaty with a part, sub-paragraphs and an annex, its text made of ledger tokens. */
function initialTreaty(tokens: TokenLedger): Node {
  const t = () => `${tokens.next()} ${tokens.next()} `
  return b.doc(
    b.title(t()),
    b.preamble(b.recital(t())),
    b.part({ id: 'part-1' }, b.heading(t()),
      b.article({ id: 'art-1' }, b.heading(t()), b.paragraph({ id: 'p-1-1' }, t()), b.paragraph({ id: 'p-1-2' }, t())),
      b.article({ id: 'art-2' }, b.heading(t()),
        b.paragraph({ id: 'p-2-1' }, t(), b.subparagraph({ id: 's-2-1-a' }, t()), b.subparagraph({ id: 's-2-1-b' }, t(), b.subsubparagraph({ id: 'ss-2-1-b-i' }, t())))),
    ),
    b.article({ id: 'art-3' }, b.heading(t()), b.paragraph({ id: 'p-3-1' }, t())),
    b.article({ id: 'art-4' }, b.heading(t()), b.paragraph({ id: 'p-4-1' }, t()), b.paragraph({ id: 'p-4-2' }, t()), b.paragraph({ id: 'p-4-3' }, t())),
    b.annex({ id: 'annex-1' }, b.heading(t()), b.paragraph({ id: 'p-x-1' }, t())),
  )
}

/** Everything wrong with the numbering of `doc`: articles not numbered 1..n in order, or two units with one reference. */
function numberingErrors(doc: Node): string[] {
  const errors: string[] = []
  const { byPos } = numberTreaty(doc)
  const bodyArticles: number[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'annex') return false
    if (node.type.name === 'article') bodyArticles.push(pos)
    return !node.isTextblock
  })
  bodyArticles.forEach((pos, i) => {
    const label = byPos.get(pos)
    if (label?.ordinal !== i + 1) errors.push(`article at ${pos} is numbered ${label?.ref ?? 'not at all'}, expected Article ${i + 1}`)
  })
  const refs = new Map<string, number>()
  for (const [pos, label] of byPos) {
    // The sole paragraph of an article is cited as the article itself ("Article 3").
    if (label.kind === 'paragraph' && label.marker === '' && label.ref.match(/Article \d+$/)) continue
    if (refs.has(label.ref)) errors.push(`"${label.ref}" names both the units at ${refs.get(label.ref)} and ${pos}`)
    refs.set(label.ref, pos)
  }
  return errors
}

/** Runs one seeded session and returns what went wrong (empty when all is well), with the log. */
async function runSession(seed: number): Promise<{ problems: string[]; log: string[] }> {
  const rng = seededRng(seed)
  const tokens = new TokenLedger()
  const room = new YHarness({
    peers: 3,
    rng,
    initial: initialTreaty(tokens),
    // As the editor has them: Yjs-aware undo before the normaliser.
    pluginsFor: () => [yUndoPlugin({ protectedNodes: new Set(['paragraph', 'prose', 'heading', 'recital']) }), normalizePlugin()],
  })
  const log: string[] = []
  const observe = () => tokens.observe(room.peers)
  try {
    await room.settle(20_000, observe)
    for (let step = 0; step < STEPS; step++) {
      const roll = rng.next()
      if (roll < 0.05) {
        // Undo or redo the peer's own last change; what it takes away the drafter saw go.
        const peer = rng.pick(room.peers)
        const redoing = rng.chance(0.3)
        const before = tokensIn(textOf(peer.doc))
        const done = peer.act(() => (redoing ? redo : undo)(peer.view.state))
        const after = new Set(tokensIn(textOf(peer.doc)))
        for (const token of before) if (!after.has(token)) tokens.deleting(token)
        log.push(`${step}: peer ${peer.index}${peer.online ? '' : ' (offline)'} ${redoing ? 'redo' : 'undo'}${done ? '' : ' (nothing to do)'}`)
      } else if (roll < 0.5) {
        const peer = rng.pick(room.peers)
        const edit = randomEdit(peer.view.state, { rng, tokens })
        if (edit) {
          peer.edit(() => edit.tr)
          log.push(`${step}: peer ${peer.index}${peer.online ? '' : ' (offline)'} ${edit.what}`)
        }
      } else if (roll < 0.88) {
        const count = 1 + rng.int(4)
        for (let i = 0; i < count && room.deliverOne(); i++) { await room.flush(); observe() }
        log.push(`${step}: deliver up to ${count}`)
      } else {
        const peer = rng.pick(room.peers)
        if (peer.online) room.disconnect(peer)
        else room.reconnect(peer)
        log.push(`${step}: peer ${peer.index} ${peer.online ? 'reconnects' : 'disconnects'}`)
      }
      observe()
    }
    await room.settle(20_000, observe)
    const { problems, audit } = check(room.peers, tokens)
    totals.sessions++
    totals.delivered += room.delivered
    totals.tokens += audit.inserted
    totals.deliberate += audit.deliberatelyDeleted
    totals.restructured += audit.lostToConcurrentRestructuring.length
    totals.merged += audit.lostToTextMerge.length
    return { problems, log }
  } finally {
    room.destroy()
  }
}

/** Everything wrong with the settled room: divergence, shape, numbering, lost text; and the ledger's account. */
function check(peers: readonly Peer[], tokens: TokenLedger): { problems: string[]; audit: TokenAudit } {
  const problems: string[] = []
  const reference = peers[0]!.doc
  const json = JSON.stringify(reference.toJSON())
  for (const peer of peers) {
    const own = JSON.stringify(peer.doc.toJSON())
    if (own !== json) problems.push(`peer ${peer.index} differs from peer 0:\n  ${own}\n  ${json}`)
    const shared = JSON.stringify(peer.sharedDoc().toJSON())
    if (shared !== own) problems.push(`peer ${peer.index}'s view differs from its Yjs document:\n  ${own}\n  ${shared}`)
  }
  for (const error of treatyShapeErrors(reference)) problems.push(`not in treaty shape: ${error}`)
  for (const error of numberingErrors(reference)) problems.push(`numbering: ${error}`)
  const audit = tokens.audit(reference, peers)
  problems.push(...audit.failures)
  if (STRICT) problems.push(...audit.lostToTextMerge.map((t) => `${t} was lost when y-prosemirror merged two texts of its block`))
  return { problems, audit }
}

describe('convergence of concurrent structural edits', () => {
  it.each(SEEDS)('three drafters converge on one valid treaty without losing text nobody deleted (seed %i)', async (seed) => {
    const env = ['FUZZ_STEPS', 'FUZZ_EDITS', 'FUZZ_STRICT'].filter((k) => process.env[k]).map((k) => `${k}=${JSON.stringify(process.env[k])} `).join('')
    const rerun = `${env}FUZZ_SEED=${seed} npx vitest run tests/collab/convergence.test.ts`
    const { problems, log } = await runSession(seed).catch((e: Error) => {
      throw new Error(`seed ${seed}: ${e.message}. Re-run only this case with:\n  ${rerun}`, { cause: e })
    })
    if (problems.length > 0) {
      expect.fail([
        `seed ${seed}: ${problems.length} problem(s). Re-run only this case with:`,
        `  ${rerun}`,
        ...problems.slice(0, 8),
        'edits and events:',
        ...log.map((line) => `  ${line}`),
      ].join('\n'))
    }
  })
})

/** The scenario the schema is shaped by: an article with two paragraphs; two drafters each delete a different one. */
const designScenario = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'first'), b.paragraph({ id: 'p-2' }, 'second')),
  b.article({ id: 'art-2' }, b.heading('Entry into force'), b.paragraph({ id: 'p-3' }, 'third')),
)

describe('the y-prosemirror hazard the schema avoids', () => {
  it('keeps an article, heading included, when two drafters concurrently delete its two paragraphs', async () => {
    const room = new YHarness({ peers: 3, rng: seededRng(1), initial: designScenario() })
    try {
      const [a, c] = [room.peers[0]!, room.peers[2]!]
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      await room.settle()
      for (const peer of room.peers) expect(peer.doc.toJSON()).toEqual(room.peers[0]!.doc.toJSON())
      const doc = room.peers[0]!.doc
      const article = doc.nodeAt(posOf(doc, 'art-1'))!
      expect(article.child(0).type.name).toBe('heading')
      expect(article.child(0).textContent).toBe('Scope')
      // Each drafter's normaliser restored one empty paragraph before seeing the other's: one or two remain, all empty.
      const paragraphs = article.content.content.filter((n) => n.type.name === 'paragraph')
      expect(paragraphs.length).toBeGreaterThanOrEqual(1)
      expect(paragraphs.every((p) => p.textContent === '')).toBe(true)
      expect(treatyShapeErrors(doc)).toEqual([])
      expect(numberTreaty(doc).byId.get('art-2')?.ref).toBe('Article 2')
    } finally {
      room.destroy()
    }
  })

  it('with a strict article (heading paragraph+) and no normaliser, the same edits delete the whole article for everyone', async () => {
    const strict = new Schema({ nodes: { ...nodes, article: { ...nodes.article, content: 'heading paragraph+' } }, marks })
    const room = new YHarness({
      peers: 3,
      rng: seededRng(1),
      initial: strict.nodeFromJSON(designScenario().toJSON()),
      schemaFor: () => strict,
      pluginsFor: () => [],
    })
    try {
      const [a, c] = [room.peers[0]!, room.peers[2]!]
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      await room.settle()
      for (const peer of room.peers) {
        // Nobody deleted the article or its heading, yet it is gone from every peer and from the shared document.
        expect(textOf(peer.doc)).not.toContain('Scope')
        expect(peer.doc.childCount).toBe(2)
        expect(peer.fragment.toString()).not.toContain('Scope')
      }
    } finally {
      room.destroy()
    }
  })
})
