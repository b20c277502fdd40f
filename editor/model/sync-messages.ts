// Pacta's additions to the y-websocket protocol, as numbers on the wire: one definition for the
// editor (editor/collab/) and the server (server/sync/protocol.ts). The stock client sends none
// of them, so the server never sends it any.

/** [100, token] asks; [100, token, status] answers once everything sent before is stored. */
export const MESSAGE_DURABLE = 100

/** [101] asks for the connection's role; [101, role] answers, and is sent again on every change. */
export const MESSAGE_ROLE = 101

/** Answer statuses of a durability request. */
export const DurableStatus = {
  /** Everything the connection sent before the request is stored. */
  saved: 0,
  /** Stored, but some of its updates wait for dependencies that have not arrived: not yet safe. */
  incomplete: 1,
  /** Some writes since the last request were refused (the connection's role may not write here). */
  refused: 2,
} as const
export type DurableStatus = (typeof DurableStatus)[keyof typeof DurableStatus]
