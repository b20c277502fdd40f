// One client's sync socket as the room sees it: identity, permission, sending and closing.
import type { WebSocket } from 'ws'
import type { Channel } from '../store/store.js'

let nextId = 1

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
function clampReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8')
  if (bytes.length <= 123) return reason
  return bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…'
}

/**
 * A client connection to one document channel. Used as the Yjs transaction origin of the
 * updates it sends, so the room can broadcast them to everyone but their sender.
 */
export class Connection {
  /** Process-unique number, for logs. */
  readonly id = nextId++
  /**
   * Whether this connection may change the document. Sync step 2 and update messages from a
   * connection without it are dropped where they arrive (roles will set it at the upgrade).
   */
  canWrite = true
  private closedFlag = false

  constructor(
    readonly socket: WebSocket,
    readonly documentId: string,
    readonly channel: Channel,
    /** Client address, for logs. */
    readonly remote: string,
  ) {
    socket.once('close', () => { this.closedFlag = true })
  }

  /** True once the socket is closing or closed; nothing more is sent or handled. */
  get closed(): boolean {
    return this.closedFlag || this.socket.readyState !== this.socket.OPEN
  }

  /** Sends one binary message if the socket is still open. */
  send(message: Uint8Array): void {
    if (!this.closed) this.socket.send(message, { binary: true })
  }

  /** Closes with a code and a reason; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.closedFlag) return
    this.closedFlag = true
    this.socket.close(code, clampReason(reason))
  }
}
