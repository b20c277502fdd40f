// Presence as the server allows it: one awareness client per connection, a few KB, and the real identity stamped in.
import { CloseCode } from '../../editor/model/sync-messages.js'
import { preferredColour } from '../../editor/model/presence-colours.js'
import { ProtocolError, type AwarenessEntry } from './protocol.js'
import type { Connection } from './connection.js'

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/

/**
 * The presence colour of a principal's colour key: the key itself when it is a `#rrggbb` value,
 * else the person's preferred colour (editors resolve clashes among those present themselves).
 */
export function colourOf(colorKey: string): string {
  return HEX_COLOUR.test(colorKey) ? colorKey : preferredColour(colorKey)
}

/** A display name the client chose (anonymous connections only): text, no control characters, at most 64 characters. */
function cleanName(value: unknown): string {
  const text = typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trim() : ''
  return text.slice(0, 64) || 'Anonymous'
}

/** What the room should do with one awareness message from `conn`. */
export interface PresenceVerdict {
  /** Entries to hand to the awareness table: only the connection's own client, identity stamped. */
  entries: AwarenessEntry[]
  /** Entries dropped: other clients' ids (echoes of forwarded presence, or spoofing). */
  dropped: number
}

/**
 * Filters and stamps one awareness message. The connection's first entry for a client id that
 * no other connection owns binds that id to it; entries for any other id are dropped. A state
 * over `maxBytes` closes the connection (ProtocolError 4413). A signed-in principal's name and
 * colour replace whatever `user` the client sent; an anonymous one keeps its chosen name, cleaned.
 */
export function stampPresence(
  conn: Connection,
  entries: readonly AwarenessEntry[],
  ownerOf: (clientId: number) => Connection | null,
  maxBytes: number,
): PresenceVerdict {
  const kept: AwarenessEntry[] = []
  let dropped = 0
  for (const entry of entries) {
    const bytes = Buffer.byteLength(entry.state)
    if (bytes > maxBytes) throw new ProtocolError(CloseCode.tooLarge, `presence state too large: ${bytes} bytes, the limit is ${maxBytes}`)
    if (conn.awarenessClientId === null && entry.state !== 'null') {
      const owner = ownerOf(entry.clientId)
      if (owner === null || owner === conn) conn.awarenessClientId = entry.clientId
    }
    if (entry.clientId !== conn.awarenessClientId) { dropped++; continue }
    kept.push(entry.state === 'null' ? entry : { ...entry, state: stamp(conn, entry.state) })
  }
  return { entries: kept, dropped }
}

/**
 * The state with `user` replaced by the server's idea of who this is (for a signed-in principal
 * its id too, from which editors derive the colour); non-objects are left for the table to refuse.
 */
function stamp(conn: Connection, text: string): string {
  let state: unknown
  try { state = JSON.parse(text) } catch { return text }
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return text
  const { principal } = conn
  const claimed = (state as { user?: { name?: unknown; color?: unknown } }).user
  const user = principal.anonymous
    ? {
        name: cleanName(claimed?.name),
        color: typeof claimed?.color === 'string' && HEX_COLOUR.test(claimed.color) ? claimed.color : colourOf(principal.colorKey),
      }
    : { id: principal.userId, name: principal.name, color: colourOf(principal.colorKey) }
  return JSON.stringify({ ...(state as object), user })
}
