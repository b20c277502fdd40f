// A ledger of the words drafters type, to prove afterwards that no text nobody deleted went missing.
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import type { DeleteCause, DeleteSet, Peer } from '../helpers/yharness.js'

// A token is a CJK character unique to it, its number and a Hangul syllable unique to it
// ("丁17갑"), typed with a trailing space. y-prosemirror writes a changed text into Yjs as one
// replacement found by common prefix and suffix; words like "tk17" and "tk1" would let that
// replacement start or end inside a word (sharing "tk" or "7"), and concurrent edits could then
// interleave inside words. With first and last characters no other token has, every replacement
// starts and ends between tokens, so a token is only ever whole or gone.
const TOKEN = /[\u4e00-\u9fff]\d+[\uac00-\ud7a3]/gu

/** Matches one token and the space after it, for deleting a word. */
export const TOKEN_WITH_SPACE = /[\u4e00-\u9fff]\d+[\uac00-\ud7a3] ?/gu

/** The tokens in `text`. */
export const tokensIn = (text: string): string[] => [...text.matchAll(TOKEN)].map((m) => m[0])

/** All the text of `node`, blocks separated by a space so tokens never run together. */
export const textOf = (node: Node): string => node.textBetween(0, node.content.size, ' ', ' ')

/** What became of the inserted tokens, once the room has settled. */
export interface TokenAudit {
  inserted: number
  /** Missing, and some drafter deleted them while they could see them. */
  deliberatelyDeleted: number
  /**
   * Missing because another drafter's edit removed the Yjs element holding them before it saw
   * them: a deletion, or a move, join or change of level, which y-prosemirror writes as deleting
   * the element and inserting a rebuilt copy (Yjs has no move), so text typed into it
   * concurrently goes with the old one.
   */
  lostToConcurrentRestructuring: string[]
  /**
   * Missing because y-prosemirror merged two Y.XmlTexts of one block and deleted the one they had
   * been typed into concurrently (see text-merge-race.test.ts): a known loss of y-prosemirror 1.3.7.
   */
  lostToTextMerge: string[]
  /** Missing for any other reason (y-prosemirror discarded an element, a normaliser removed text …). */
  failures: string[]
}

/**
 * Each token is a unique word ("丁17갑") typed with a trailing space at a word boundary, so
 * concurrent edits never split one. The ledger remembers every token inserted, every token a
 * drafter deleted on purpose, and every Yjs id a token's first character has had (the binding may
 * copy text to a new Y.XmlText, so a token can live under several ids over time).
 */
export class TokenLedger {
  private count = 0
  readonly inserted = new Set<string>()
  readonly deliberate = new Set<string>()
  private readonly ids = new Map<string, Set<string>>()

  /** A new unique token, to be typed followed by a space at a word boundary. */
  next(): string {
    const n = ++this.count
    if (n > 0xd7a3 - 0xac00) throw new Error('the token ledger ran out of characters; lower FUZZ_STEPS')
    const token = `${String.fromCodePoint(0x4e00 + n)}${n}${String.fromCodePoint(0xac00 + n)}`
    this.inserted.add(token)
    return token
  }

  /** Records that a drafter deletes `text` while seeing it. */
  deleting(text: string): void {
    for (const token of tokensIn(text)) this.deliberate.add(token)
  }

  /** Records where every token currently lives in the peers' shared documents. */
  observe(peers: readonly Peer[]): void {
    for (const peer of peers) {
      for (const run of peer.textRuns()) {
        for (const m of run.text.matchAll(TOKEN)) {
          let set = this.ids.get(m[0])
          if (!set) this.ids.set(m[0], (set = new Set()))
          // Typed text is diffed into Yjs by common prefix and suffix, so one token's characters may come from several items.
          const chars = run.ids.slice(m.index!, m.index! + m[0].length)
          set.add([...chars, ...run.containers].map((id) => `${id.client}:${id.clock}`).join(' '))
        }
      }
    }
  }

  /** Accounts for every inserted token missing from `doc`, using what each peer's transactions deleted. */
  audit(doc: Node, peers: readonly Peer[]): TokenAudit {
    const present = new Set(tokensIn(textOf(doc)))
    const byCause = (cause: DeleteCause): DeleteSet =>
      Y.mergeDeleteSets(peers.flatMap((p) => p.deleted[cause]))
    const deletedBy = { user: byCause('user'), moved: byCause('moved'), binding: byCause('binding') }
    const audit: TokenAudit = { inserted: this.inserted.size, deliberatelyDeleted: 0, lostToConcurrentRestructuring: [], lostToTextMerge: [], failures: [] }
    for (const token of this.inserted) {
      if (present.has(token)) continue
      if (this.deliberate.has(token)) { audit.deliberatelyDeleted++; continue }
      const ids = [...(this.ids.get(token) ?? [])]
      // An occurrence is gone when any of its characters or any container around it was deleted.
      const causes = ids.map((occurrence) => {
        const chain = occurrence.split(' ').map((key) => {
          const [client, clock] = key.split(':').map(Number) as [number, number]
          return Y.createID(client, clock)
        })
        for (const cause of ['user', 'moved', 'binding'] as const) {
          if (chain.some((id) => Y.isDeleted(deletedBy[cause], id))) return cause
        }
        return 'not deleted'
      })
      if (causes.includes('user') && causes.every((c) => c === 'user' || c === 'moved')) {
        audit.lostToConcurrentRestructuring.push(token)
      } else if (causes.length > 0 && causes.every((c) => c === 'moved')) {
        audit.lostToTextMerge.push(token)
      } else {
        audit.failures.push(`${token} is missing though nobody deleted it (where it lived in Yjs, characters then containers: ${ids.map((k, i) => `[${k}] ${causes[i]}`).join('; ') || 'never seen'})`)
      }
    }
    return audit
  }
}
