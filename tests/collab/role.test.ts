// The editor's side of role messages: asks on connect, takes known role names, ignores what it cannot read.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it, vi } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import { followRole } from '../../editor/collab/role.js'
import { MESSAGE_ROLE } from '../../editor/model/sync-messages.js'

/** Just what followRole touches of a WebsocketProvider. */
function fakeProvider() {
  const sent: Uint8Array[] = []
  const listeners = new Set<(e: { status: string }) => void>()
  const provider = {
    messageHandlers: [] as unknown[],
    ws: { readyState: 1, send: (m: Uint8Array) => sent.push(m) },
    wsconnected: true,
    on: (_: string, l: (e: { status: string }) => void) => listeners.add(l),
    off: (_: string, l: (e: { status: string }) => void) => listeners.delete(l),
  }
  const receive = (bytes: Uint8Array) => {
    const decoder = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(decoder)
    ;(provider.messageHandlers[type] as (e: encoding.Encoder, d: decoding.Decoder) => void)(encoding.createEncoder(), decoder)
  }
  const status = (s: string) => { for (const l of listeners) l({ status: s }) }
  return { provider: provider as unknown as WebsocketProvider, sent, receive, status, listeners }
}

const roleMessage = (name: string) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_ROLE)
  encoding.writeVarString(e, name)
  return encoding.toUint8Array(e)
}

describe('following the role', () => {
  it('asks when attached to a connected provider and on every reconnect', () => {
    const f = fakeProvider()
    const stop = followRole(f.provider, () => {})
    expect(f.sent).toEqual([new Uint8Array([MESSAGE_ROLE])])
    f.status('disconnected')
    f.status('connected')
    expect(f.sent).toHaveLength(2)
    stop()
    expect(f.listeners.size).toBe(0)
    expect(f.provider.messageHandlers[MESSAGE_ROLE]).toBeUndefined()
  })

  it('reports known roles and ignores unknown names and unreadable messages', () => {
    const f = fakeProvider()
    const heard: string[] = []
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      followRole(f.provider, (role) => heard.push(role))
      f.receive(roleMessage('reviewer'))
      f.receive(roleMessage('emperor'))
      f.receive(new Uint8Array([MESSAGE_ROLE, 0x80]))
      f.receive(roleMessage('drafter'))
      expect(heard).toEqual(['reviewer', 'drafter'])
    } finally {
      warn.mockRestore()
    }
  })
})
