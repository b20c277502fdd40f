// Every REST body is validated: a malformed one is answered 400 naming the field, and nothing stored changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { everythingStored } from './helpers.js'

let t: TestServer
let doc: string
let userId: string
beforeAll(async () => {
  t = await startTestServer()
  userId = (await t.addUser('ines')).id
  doc = (await (await t.request('/api/documents', jsonInit('POST', { title: 'Validated' }))).json()).id
  await t.request(`/api/documents/${doc}/members`, jsonInit('POST', { username: 'ines', role: 'drafter' }))
})
afterAll(() => t.dispose())

/** [endpoint, body, expected field (null: none), message pattern]. */
const CASES: Array<[string, string, unknown, string | null, RegExp]> = [
  ['POST', '/api/session', {}, 'username', /username is required/],
  ['POST', '/api/session', { username: 'ines' }, 'password', /password is required/],
  ['POST', '/api/session', { username: 42, password: 'x' }, 'username', /username must be a string/],
  ['POST', '/api/session', { username: 'ines', password: '' }, 'password', /password is required/],
  ['POST', '/api/session', { username: 'x'.repeat(101), password: 'pw' }, 'username', /at most 100/],
  ['POST', '/api/session', [], null, /must be a JSON object/],
  ['POST', '/api/account/password', { currentPassword: 'admin-password-for-tests' }, 'newPassword', /newPassword is required/],
  ['POST', '/api/account/password', { currentPassword: 'admin-password-for-tests', newPassword: 'short' }, 'newPassword', /at least 10/],
  ['POST', '/api/account/password', { newPassword: 'long enough password' }, 'currentPassword', /currentPassword is required/],
  ['POST', '/api/users', {}, 'username', /username is required/],
  ['POST', '/api/users', { username: 'a b' }, 'username', /letters, digits/],
  ['POST', '/api/users', { username: '<script>' }, 'username', /letters, digits/],
  ['POST', '/api/users', { username: 'okname', displayName: '' }, 'displayName', /1 to 80/],
  ['POST', '/api/users', { username: 'okname', displayName: 'two\nlines' }, 'displayName', /one line/],
  ['POST', '/api/users', { username: 'okname', isAdmin: 'yes' }, 'isAdmin', /true or false/],
  ['PATCH', '/api/users/:user', {}, 'disabled', /disabled is required/],
  ['PATCH', '/api/users/:user', { disabled: 'true' }, 'disabled', /true or false/],
  ['POST', '/api/documents', {}, 'title', /title is required/],
  ['POST', '/api/documents', { title: '' }, 'title', /1 to 200/],
  ['PATCH', '/api/documents/:doc', { title: 7 }, 'title', /must be a string/],
  ['POST', '/api/documents/:doc/members', { role: 'drafter' }, 'username', /username is required/],
  ['POST', '/api/documents/:doc/members', { username: 'ines' }, 'role', /role is required/],
  ['POST', '/api/documents/:doc/members', { username: 'ines', role: 'king' }, 'role', /role must be one of convener, drafter, reviewer, observer/],
  ['POST', '/api/documents/:doc/members', { username: 'nobody-by-this-name', role: 'observer' }, 'username', /no account named/],
  ['PATCH', '/api/documents/:doc/members/:user', {}, 'role', /role is required/],
  ['PATCH', '/api/documents/:doc/members/:user', { role: null }, 'role', /role must be one of/],
]

describe('malformed bodies', () => {
  it.each(CASES)('%s %s %j → 400/404 naming %s', async (method, rawPath, body, field, message) => {
    const path = rawPath.replace(':doc', doc).replace(':user', userId)
    const before = await everythingStored(t)
    const res = await t.request(path, jsonInit(method, body))
    expect([400, 404]).toContain(res.status)
    const answer = await res.json()
    expect(answer.error).toMatch(message)
    if (field) expect(answer.field).toBe(field)
    expect(await everythingStored(t)).toBe(before)
  })

  it.each(['/api/session', '/api/users', '/api/documents', '/api/account/password'])('malformed JSON to %s is a 400 and changes nothing', async (path) => {
    const before = await everythingStored(t)
    const res = await t.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": "ines", ' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ status: 400, error: 'malformed JSON in request body' })
    expect(await everythingStored(t)).toBe(before)
  })

  it('audit paging parameters are checked', async () => {
    const res = await t.request(`/api/documents/${doc}/audit?limit=100000`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ field: 'limit' })
    expect((await t.request('/api/audit?before=abc')).status).toBe(400)
  })
})
