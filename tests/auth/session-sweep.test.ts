// Expired sessions are deleted from the database now and then while the server runs, not only at start.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { storeOf } from './helpers.js'

let t: TestServer
let adminId: string

beforeAll(async () => {
  t = await startTestServer({ sessionSweepMs: 50 })
  adminId = (await storeOf(t).listUsers()).find((u) => u.username === 'admin')!.id
})
afterAll(() => t.dispose())

describe('session sweep', () => {
  it('deletes sessions that expired while the server runs and keeps live ones', async () => {
    const store = storeOf(t)
    const now = Date.now()
    await store.createSession({ tokenHash: 'expired-while-running', userId: adminId, createdAt: now, expiresAt: now + 100 })
    await store.createSession({ tokenHash: 'still-live', userId: adminId, createdAt: now, expiresAt: now + 3_600_000 })
    await vi.waitFor(async () => expect(await store.getSession('expired-while-running')).toBeNull(), { timeout: 3000, interval: 20 })
    expect(await store.getSession('still-live')).not.toBeNull()
  })

  it('logs a failed sweep and tries again at the next interval', async () => {
    const store = storeOf(t)
    const original = store.deleteExpiredSessions
    let calls = 0
    store.deleteExpiredSessions = async () => { calls++; throw new Error('disk I/O error') }
    try {
      await waitFor(() => calls >= 2, 'two sweeps to fail', 3000)
    } finally {
      store.deleteExpiredSessions = original
    }
    const warning = t.logs.find((r) => r.message === 'deleting expired sessions failed; trying again later')
    expect(warning?.level).toBe('warn')
    expect(String(warning?.fields.error)).toContain('disk I/O error')
    expect((await t.api('/api/health')).status).toBe(200)
  })
})
