// Who the local user is to collaborators: a display name and a colour, kept in localStorage
// (until accounts exist) and published as the awareness state `{ user: { name, color } }`.
import type { Awareness } from 'y-protocols/awareness'

/** The awareness `user` field, as y-prosemirror's cursor plugin reads it. */
export interface PresenceUser {
  name: string
  color: string
}

const NAME_KEY = 'pacta.displayName'
const COLOR_KEY = 'pacta.color'

/** Cursor colours: distinct, readable on white, and `#rrggbb` (the only form y-prosemirror accepts). */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#3b5b92']

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

/** The saved colour, choosing and saving one at random the first time. */
export function savedColor(): string {
  const s = storage()
  const color = s?.getItem(COLOR_KEY)
  if (color && /^#[0-9a-f]{6}$/i.test(color)) return color
  const chosen = PALETTE[Math.floor(Math.random() * PALETTE.length)]!
  s?.setItem(COLOR_KEY, chosen)
  return chosen
}

/** Publishes `user` as this client's presence. */
export function publishUser(awareness: Awareness, user: PresenceUser): void {
  awareness.setLocalStateField('user', user)
}

/** Everyone present (this client first), from the awareness states that carry a valid user. */
export function presentUsers(awareness: Awareness): Array<PresenceUser & { clientId: number; self: boolean }> {
  const out: Array<PresenceUser & { clientId: number; self: boolean }> = []
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: unknown }).user as Partial<PresenceUser> | undefined
    if (!user || typeof user.name !== 'string') return
    const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#888888'
    out.push({ name: user.name.slice(0, MAX_NAME), color, clientId, self: clientId === awareness.clientID })
  })
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
}
