// A ws WebSocket that names the framing fault in its close reason (ws closes with the code alone).
import { WebSocket } from 'ws'

/** Close reasons for ws's frame-parser error codes; anything else uses the parser's own message. */
const FRAME_FAULTS: Record<string, string> = {
  WS_ERR_UNEXPECTED_RSV_1: 'invalid frame: RSV1 set without an extension',
  WS_ERR_UNEXPECTED_RSV_2_3: 'invalid frame: RSV2 and RSV3 must be clear',
  WS_ERR_EXPECTED_MASK: 'invalid frame: client frames must be masked',
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 'message too large for this server',
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 'message too large for this server',
  WS_ERR_INVALID_UTF8: 'invalid frame: text is not valid UTF-8',
  WS_ERR_EXPECTED_FIN: 'invalid frame: control frames must not be fragmented',
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: 'invalid frame: control frame payload too long',
  WS_ERR_INVALID_CLOSE_CODE: 'invalid frame: invalid close code',
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 'message in too many fragments',
}

const reasons = new WeakMap<WebSocket, string>()

/**
 * Used as WebSocketServer's `WebSocket` class. When ws's frame parser fails it calls
 * `close(code)` and only then emits the error; a listener placed ahead of ws's own records a
 * reason for the error first, and `close` sends it with the code (1002, 1007, 1008 or 1009).
 */
export class ReasonedWebSocket extends WebSocket {
  setSocket(...args: unknown[]): void {
    // setSocket is internal to ws (not in its types); it creates the frame parser, `_receiver`.
    ;(WebSocket.prototype as unknown as { setSocket: (...a: unknown[]) => void }).setSocket.apply(this, args)
    const receiver = (this as unknown as { _receiver?: NodeJS.EventEmitter })._receiver
    receiver?.prependListener('error', (err: Error & { code?: string }) => {
      reasons.set(this, FRAME_FAULTS[err.code ?? ''] ?? `invalid frame: ${err.message.replace(/^Invalid WebSocket frame: /, '')}`.slice(0, 120))
    })
  }

  override close(code?: number, data?: string | Buffer): void {
    const reason = reasons.get(this)
    if (reason !== undefined && (data === undefined || data.length === 0)) {
      reasons.delete(this)
      return super.close(code, reason)
    }
    return super.close(code, data)
  }
}
