// @-mentions: which members a body names, read from "@username" words (case does not matter).

/** A member as mentions need them: account id and the user name typed after "@". */
export interface Mentionable {
  userId: string
  username: string
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The account ids of the members `body` mentions, each once, in the order first mentioned.
 * "@name" counts where it starts the body or follows a space or punctuation (not inside an e-mail
 * address) and is not followed by more name characters; names that are not members are ignored.
 */
export function parseMentions(body: string, members: readonly Mentionable[]): string[] {
  const named = members.filter((m) => m.username.length > 0)
  if (named.length === 0 || !body.includes('@')) return []
  // Longest names first, so "@anna" is not read as "@ann".
  const names = [...named].sort((a, b) => b.username.length - a.username.length)
  const byName = new Map(names.map((m) => [m.username.toLowerCase(), m.userId]))
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_.@-])@(${names.map((m) => escape(m.username)).join('|')})(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`, 'giu')
  const found: string[] = []
  for (const match of body.matchAll(pattern)) {
    const id = byName.get(match[2]!.toLowerCase())
    if (id !== undefined && !found.includes(id)) found.push(id)
  }
  return found
}
