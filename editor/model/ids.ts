// Stable ids for articles, paragraphs and divisions: minted once, kept through moves and
// renumbering, repaired when a paste or a split duplicates one.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** Short prefixes that make ids readable in exports and URLs. */
const PREFIX: Record<string, string> = {
  part: 'part', chapter: 'chp', section: 'sec', article: 'art', paragraph: 'para',
  final_provisions: 'fin', signature: 'sig', annex: 'annex', footnote: 'fn',
  thread: 'th', reply: 're', note: 'note',
}

/** A new random id for a node of type `typeName`, e.g. "art-k3j9x2q0". */
export function newId(typeName: string): string {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  let out = ''
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length]
  return `${PREFIX[typeName] ?? 'n'}-${out}`
}
