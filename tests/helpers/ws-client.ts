// Sync clients for server tests: the stock y-websocket provider in Node, raw sockets, and treaty edits via ProseMirror.
import type { Node } from 'prosemirror-model'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import { CONTENT_FRAGMENT, SCHEMA_VERSION, schema } from '../../editor/model/index.js'
import { defaultCookie, webSocketWithHeaders } from './sessions.js'

/** Polls `check` until it is true, failing with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A stock y-websocket client on one document. */
export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first sync step 2 has arrived. */
  synced(): Promise<void>
  /** Resolves with the close the server sent when it ended the connection for good (44xx). */
  closed: Promise<{ code: number; reason: string }>
  /** The content as ProseMirror JSON. */
  json(): unknown
  destroy(): void
}

/**
 * Connects a WebsocketProvider (ws as the WebSocket, BroadcastChannel off so that clients in
 * one process really go through the server). `schema: null` sends no schema parameter.
 */
export function connectClient(syncUrl: string, documentId: string, options: { schema?: number | null; doc?: Y.Doc; cookie?: string | null } = {}): SyncClient {
  const doc = options.doc ?? new Y.Doc()
  // signed in as the test server's admin unless `cookie` says otherwise (null: no cookie)
  const cookie = options.cookie === undefined ? defaultCookie(syncUrl) : options.cookie
  const schemaParam = options.schema === undefined ? SCHEMA_VERSION : options.schema
  const provider = new WebsocketProvider(syncUrl, documentId, doc, {
    WebSocketPolyfill: (cookie ? webSocketWithHeaders(WebSocket, { cookie }) : WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: schemaParam === null ? {} : { schema: String(schemaParam) },
    maxBackoffTime: 200,
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('closed', (event) => resolve(event))
  })
  return {
    doc,
    provider,
    closed,
    synced: () => provider.synced ? Promise.resolve() : new Promise((resolve) => {
      const onSync = (state: boolean) => { if (state) { provider.off('sync', onSync); resolve() } }
      provider.on('sync', onSync)
    }),
    json: () => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(CONTENT_FRAGMENT)),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** The treaty held by a Y.Doc, as a ProseMirror node. */
export function treatyOf(doc: Y.Doc): Node {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(CONTENT_FRAGMENT), schema)
}

/**
 * Edits the treaty as an editor would: builds the ProseMirror document, lets `edit` return the
 * changed one, and writes the difference into the Y.XmlFragment the way y-prosemirror does.
 */
export function editTreaty(doc: Y.Doc, edit: (treaty: Node) => Node): void {
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  const next = edit(treatyOf(doc))
  doc.transact(() => updateYFragment(doc, fragment, next, { mapping: new Map(), isOMark: new Map() }), 'test-edit')
}

/** A raw WebSocket that records what it receives and how it was closed. */
export interface RawSocket {
  ws: WebSocket
  messages: Uint8Array[]
  closed: Promise<{ code: number; reason: string }>
  send(bytes: Uint8Array | number[]): void
}

/**
 * Opens a raw WebSocket and resolves once it is open (rejects with the HTTP status if refused).
 * It signs in as the test server's admin unless `headers` give a cookie (or `cookie: ''`, none).
 */
export function openRawSocket(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const cookie = headers.cookie ?? defaultCookie(url)
    const sent = { ...headers }
    if (cookie) sent.cookie = cookie
    else delete sent.cookie
    const ws = new WebSocket(url, { headers: sent })
    const messages: Uint8Array[] = []
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })))
    ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)))
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c) => { body += c })
      res.on('end', () => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode, body })))
    })
    ws.on('error', (err) => reject(err))
    ws.on('open', () => resolve({ ws, messages, closed, send: (bytes) => ws.send(Uint8Array.from(bytes)) }))
  })
}
