// Who is connecting and with which role: the one question the sync endpoint asks before any document byte is sent.
import type { IncomingMessage } from 'node:http'
import type { Role } from '../../editor/model/permissions.js'

/** The person behind a sync connection, as the server knows them (never as the client claims). */
export interface Principal {
  /** Stable account id; caps, role changes and disconnects address connections by it. */
  userId: string
  /** Display name stamped into this connection's presence over whatever the client sent. */
  name: string
  /** Key of the person's colour (a `#rrggbb` value or a palette key), stamped into presence as `user.color`. */
  colorKey: string
  /**
   * Set only by `openAccess` (tests without accounts): the server cannot know who this is, so the
   * presence name the client chose is kept (sanitised), and per-user caps do not apply.
   */
  anonymous?: boolean
}

/** Admission: who it is and the role they hold in the requested document. */
export interface AccessGrant {
  principal: Principal
  role: Role
}

/** Refusal: the HTTP status of the refused upgrade and a reason sent as its JSON body. */
export interface AccessRefusal {
  status: number
  reason: string
}

/**
 * Decides sync admission. Called by the upgrade handler for `/sync/<documentId>` (and its
 * `/annotations` channel) after the Origin check and before the socket is accepted; a refusal
 * answers the upgrade with `status` and `{ status, error: reason }`. It must not throw for
 * ordinary refusals (a throw becomes a 500). start() uses the accounts layer's
 * (`AccessService.syncAccess`); sync tests pass their own via `start(options, { access })`.
 */
export interface SyncAccess {
  authorize(req: IncomingMessage, documentId: string): Promise<AccessGrant | AccessRefusal>
}

/** True when `result` admits the connection. */
export function isGrant(result: AccessGrant | AccessRefusal): result is AccessGrant {
  return (result as AccessGrant).principal !== undefined
}

/** The principal openAccess gives every connection. */
export const ANONYMOUS: Principal = Object.freeze({ userId: 'anonymous', name: 'Anonymous', colorKey: '#6c6f85', anonymous: true })

/**
 * Admits everyone as a drafter with the anonymous principal: for tests of the sync layer, which
 * pass it to start() in place of the accounts layer's access.
 */
export const openAccess: SyncAccess = {
  authorize: async () => ({ principal: ANONYMOUS, role: 'drafter' }),
}
