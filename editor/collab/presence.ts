// Who the local user is to collaborators: an account id, a display name (kept in localStorage for
// visitors without an account) and a colour, published as the awareness state
// `{ user: { id, name, color } }`. The colours shown are computed from the ids of the people
// present (model/presence-colours.ts), so each person has one colour, the same in every view.
import type { Awareness } from 'y-protocols/awareness'
import { assignColours, preferredColour } from '../model/presence-colours.js'

/** The awareness `user` field, as y-prosemirror's cursor plugin reads it. */
export interface PresenceUser {
  /** The account id (the server stamps it for signed-in people); absent for an anonymous visitor. */
  id?: string
  name: string
  color: string
}

const NAME_KEY = 'pacta.displayName'

/** Longest display name accepted; longer input is cut. */
export const MAX_NAME = 60

const storage = (): Storage | null => { try { return globalThis.localStorage } catch { return null } }

/** The saved display name, or null when the user has not chosen one yet. */
export function savedName(): string | null {
  const name = storage()?.getItem(NAME_KEY)?.trim()
  return name ? name.slice(0, MAX_NAME) : null
}

/** Saves the display name for next time; returns the cleaned name. */
export function saveName(name: string): string {
  const clean = name.trim().slice(0, MAX_NAME) || 'Anonymous'
  storage()?.setItem(NAME_KEY, clean)
  return clean
}

/** The key a client's colour is derived from: the person's id, or the client's own for a visitor without one. */
function colourKey(user: Partial<PresenceUser>, clientId: number): string {
  return typeof user.id === 'string' && user.id ? user.id : `client:${clientId}`
}

/** The colour a person has alone in the document (what the local user publishes before others are known). */
export function ownColour(id: string | undefined, clientId: number): string {
  return preferredColour(colourKey({ id }, clientId))
}

/** The user field of an awareness state, when it carries a name. */
function userOf(state: unknown): Partial<PresenceUser> | null {
  const user = (state as { user?: unknown } | null)?.user as Partial<PresenceUser> | undefined
  return user && typeof user.name === 'string' ? user : null
}

/**
 * The colour of every present client, by client id: one per person (two tabs of one person share
 * it), distinct among the people present, the same in every client's view.
 */
export function presenceColours(awareness: Awareness): Map<number, string> {
  const keys = new Map<number, string>()
  awareness.getStates().forEach((state, clientId) => {
    const user = userOf(state)
    if (user) keys.set(clientId, colourKey(user, clientId))
  })
  const colours = assignColours(keys.values())
  return new Map([...keys].map(([clientId, key]) => [clientId, colours.get(key)!]))
}

/** Publishes `user` as this client's presence. */
export function publishUser(awareness: Awareness, user: PresenceUser): void {
  awareness.setLocalStateField('user', user)
}

/** Everyone present (this client first), from the awareness states that carry a valid user. */
export function presentUsers(awareness: Awareness): Array<PresenceUser & { clientId: number; self: boolean }> {
  const out: Array<PresenceUser & { clientId: number; self: boolean }> = []
  const colours = presenceColours(awareness)
  awareness.getStates().forEach((state, clientId) => {
    const user = userOf(state)
    if (!user) return
    out.push({ ...(user.id ? { id: user.id } : {}), name: user.name!.slice(0, MAX_NAME), color: colours.get(clientId)!, clientId, self: clientId === awareness.clientID })
  })
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
}
