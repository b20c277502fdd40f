// One client's sync socket as the room sees it: who it is, what its role allows, sending and closing.
import type { WebSocket } from 'ws'
import { canWriteChannel, type Role } from '../../editor/model/permissions.js'
import { CloseCode } from '../../editor/model/sync-messages.js'
import { kindOfChannel, type Channel } from '../store/store.js'
import type { Logger } from '../log.js'
import { ANONYMOUS, type Principal } from './access.js'

let nextId = 1

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function clampReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8')
  if (bytes.length <= 123) return reason
  return bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '…'
}

/** What a connection is, beyond its socket; each field defaults to what openAccess grants (an anonymous drafter, no caps). */
export interface ConnectionIdentity {
  principal?: Principal
  role?: Role
  /** Close the connection when this many bytes are queued to it unread (0: never). */
  maxBufferedBytes?: number
  /** Where to report a connection cut for not reading. */
  log?: Logger
}

/**
 * A client connection to one document channel. Used as the Yjs transaction origin of the
 * updates it sends, so the room can broadcast them to everyone but their sender.
 */
export class Connection {
  /** Process-unique number, for logs. */
  readonly id = nextId++
  readonly principal: Principal
  /**
   * Whether this connection may change the document. Sync step 2 and update messages from a
   * connection without it are dropped where they arrive. Follows the role (`setRole`).
   */
  canWrite: boolean
  /** The one awareness client id this connection may publish, bound by its first own entry. */
  awarenessClientId: number | null = null
  /** Writes refused since the last durability request (answered "refused" when non-zero). */
  refusedSinceRequest = 0
  /** When the last permission-denied notice was sent (they are throttled). */
  lastDeniedNotice = -Infinity
  /** Times this connection's updates pushed the document's pending structs over the cap. */
  pendingStrikes = 0
  /** Set once the client asked for its role ([101]): role changes are then sent to it. */
  followsRole = false
  private currentRole: Role
  private closedFlag = false
  private readonly maxBufferedBytes: number
  private readonly log: Logger | undefined

  constructor(
    readonly socket: WebSocket,
    readonly documentId: string,
    readonly channel: Channel,
    /** Client address, for logs and per-address caps. */
    readonly remote: string,
    identity: ConnectionIdentity = {},
  ) {
    this.principal = identity.principal ?? ANONYMOUS
    this.currentRole = identity.role ?? 'drafter'
    this.canWrite = canWriteChannel(this.currentRole, kindOfChannel(channel))
    this.maxBufferedBytes = identity.maxBufferedBytes ?? 0
    this.log = identity.log
    socket.once('close', () => { this.closedFlag = true })
  }

  /** The principal's role in this document, as last set. */
  get role(): Role {
    return this.currentRole
  }

  /** Applies a new role at once: the next write message is judged by it. */
  setRole(role: Role): void {
    this.currentRole = role
    this.canWrite = canWriteChannel(role, kindOfChannel(this.channel))
  }

  /** True once the socket is closing or closed; nothing more is sent or handled. */
  get closed(): boolean {
    return this.closedFlag || this.socket.readyState !== this.socket.OPEN
  }

  /**
   * Sends one binary message if the socket is still open. A client that stopped reading while
   * more than maxBufferedBytes piled up is closed (4503), so it cannot hold server memory.
   * `written` is called once the message is handed to the operating system (or failed to be).
   */
  send(message: Uint8Array, written?: () => void): void {
    if (this.closed) return
    if (this.maxBufferedBytes > 0 && this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.log?.warn('sync connection cut: not reading', { document: this.documentId, channel: this.channel, connection: this.id, remote: this.remote, code: CloseCode.notReading, buffered: this.socket.bufferedAmount })
      this.close(CloseCode.notReading, 'client is not reading its messages; reconnect')
      this.socket.terminate?.()
      return
    }
    if (written) this.socket.send(message, { binary: true }, () => written())
    else this.socket.send(message, { binary: true })
  }

  /** Closes with a code and a reason; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.closedFlag) return
    this.closedFlag = true
    this.socket.close(code, clampReason(reason))
  }
}
