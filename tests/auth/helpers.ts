// Shared bits of the accounts tests: JSON requests as someone, and a fingerprint of everything stored about people and documents.
import { createHash } from 'node:crypto'
import type { AccountStore } from '../../server/store/accounts.js'
import type { Store } from '../../server/store/store.js'
import { jsonInit, storeFingerprint, type TestServer } from '../helpers/server.js'

/** The server's store with its account methods. */
export const storeOf = (t: TestServer) => t.server.store as Store & AccountStore

/**
 * A hash of documents, their content, accounts (hashes, flags) and memberships. Equal
 * before and after a request means it changed nothing stored (the audit log, which records
 * refusals on purpose, is left out).
 */
export async function everythingStored(t: TestServer): Promise<string> {
  const store = storeOf(t)
  const hash = createHash('sha256').update(await storeFingerprint(store))
  for (const user of await store.listUsers()) hash.update(JSON.stringify(user))
  for (const doc of await store.listDocuments()) hash.update(JSON.stringify(await store.listMembers(doc.id)))
  return hash.digest('hex')
}

/** Sends JSON as `as` (a username, or null for nobody). */
export function send(t: TestServer, method: string, path: string, body: unknown, as: string | null = 'admin'): Promise<Response> {
  return t.api(path, body === undefined ? { method } : jsonInit(method, body), as)
}
