// Searching the instance's accounts for someone to add to a document: who may, what is found, the limits, bad queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_ACCOUNT_MATCHES, type AccountMatchView } from '../../editor/model/api-views.js'
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { everythingStored, storeOf } from './helpers.js'

let t: TestServer
let doc: string
const ids: Record<string, string> = {}

/** GET …/members/candidates with a raw query string, as `as`. */
const search = (query: string, as: string | null = 'cora') => t.api(`/api/documents/${doc}/members/candidates?${query}`, {}, as)
const found = async (query: string, as = 'cora') => {
  const res = await search(query, as)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as AccountMatchView[]
}
const usernames = async (query: string) => (await found(query)).map((m) => m.username)

beforeAll(async () => {
  t = await startTestServer()
  // those who ask sign in; those only found are stored directly (no password to hash)
  const askers: Array<[string, string]> = [['cora', 'Cora Convener'], ['dana', 'Dana Drafter'], ['rory', 'Rory Reviewer'], ['olga', 'Olga Observer'], ['out', 'Outsider']]
  for (const [username, displayName] of askers) ids[username] = (await t.addUser(username, { displayName })).id
  const found: Array<[string, string, boolean]> = [
    ['emilie.n', 'Émilie Nkemelu', false], ['nkemelu', 'Joseph Arrowsmith', false], ['xnk', 'Zed Unkempt', false], ['gone', 'Émile Gone', true],
    ...Array.from({ length: 14 }, (_, i): [string, string, boolean] => [`filler${String(i).padStart(2, '0')}`, `Quorum Filler ${i}`, false]),
  ]
  for (const [username, displayName, disabled] of found) {
    ids[username] = `u-${username}`
    const now = Date.now()
    expect(await storeOf(t).createUser({
      id: ids[username], username, displayName, passwordHash: 'not-a-hash', isAdmin: false, disabled, mustChangePassword: true, createdAt: now, updatedAt: now,
    })).toBe(true)
  }
  doc = (await (await t.api('/api/documents', jsonInit('POST', { title: 'Searched' }), 'cora')).json()).id
  for (const [username, role] of [['dana', 'drafter'], ['rory', 'reviewer'], ['olga', 'observer']]) {
    expect((await t.api(`/api/documents/${doc}/members`, jsonInit('POST', { username, role }), 'cora')).status).toBe(201)
  }
})
afterAll(() => t.dispose())

describe('searching accounts to add as members', () => {
  it('finds part of a display name or username regardless of case and accents, with name, username and role here', async () => {
    expect(await found('q=emilie')).toEqual([{ userId: ids['emilie.n'], username: 'emilie.n', displayName: 'Émilie Nkemelu', role: null }])
    expect(await usernames('q=DRAFT')).toEqual(['dana'])
    expect(await found('q=dan')).toEqual([{ userId: ids.dana, username: 'dana', displayName: 'Dana Drafter', role: 'drafter' }])
    expect(await usernames('q=%20%20olga%20')).toEqual(['olga'])
  })

  it('lists a name that starts with the text first, then one with a word that does, then the rest', async () => {
    // "nkem": the username nkemelu starts with it, Émilie Nkemelu has a word that does, Zed Unkempt only contains it
    expect(await usernames('q=nkem')).toEqual(['nkemelu', 'emilie.n', 'xnk'])
  })

  it('leaves out disabled accounts', async () => {
    expect(await usernames('q=gone')).toEqual([])
    expect(await usernames('q=emile')).toEqual([])
  })

  it(`answers at most ${MAX_ACCOUNT_MATCHES} accounts, or fewer when asked`, async () => {
    expect(await usernames('q=quorum')).toHaveLength(MAX_ACCOUNT_MATCHES)
    expect(await usernames('q=quorum&limit=3')).toEqual(['filler00', 'filler01', 'filler10'])
  })

  it('answers an empty list when nothing matches', async () => {
    expect(await found('q=zzqx')).toEqual([])
  })

  it('is allowed to the document\'s conveners and to admins, refused to other members, outsiders and nobody', async () => {
    const seen: Record<string, number> = {}
    for (const as of ['cora', 'admin', 'dana', 'rory', 'olga', 'out', null]) seen[as ?? 'nobody'] = (await search('q=dana', as)).status
    expect(seen).toEqual({ cora: 200, admin: 200, dana: 403, rory: 403, olga: 403, out: 403, nobody: 401 })
    const refused = await (await search('q=dana', 'dana')).json()
    expect(refused).toMatchObject({ status: 403, error: expect.stringMatching(/drafter.*search accounts/) })
    expect((await t.api('/api/documents/nosuchdocume/members/candidates?q=dana', {}, 'cora')).status).toBe(404)
  })

  it('is audited in the document\'s log with the text and how many were found', async () => {
    await found('q=Rory')
    const log = (await (await t.api(`/api/documents/${doc}/audit`, {}, 'cora')).json()) as Array<{ action: string; actor: { name: string }; detail: unknown }>
    expect(log[0]).toMatchObject({ action: 'accounts-searched', actor: { name: 'Cora Convener' }, detail: { query: 'Rory', found: 1 } })
  })

  const BAD: Array<[string, string, RegExp]> = [
    ['no q', '', /q is required/],
    ['an empty q', 'q=', /q must be 1 to 80 characters/],
    ['a q of spaces', 'q=%20%20%20', /q must be 1 to 80 characters/],
    ['a q too long', `q=${'a'.repeat(81)}`, /q must be 1 to 80 characters/],
    ['two qs', 'q=dana&q=rory', /q must be given once/],
    ['a limit of 0', 'q=dana&limit=0', /limit must be a whole number from 1 to 10/],
    ['a limit of 11', 'q=dana&limit=11', /limit must be a whole number from 1 to 10/],
    ['a limit that is not a number', 'q=dana&limit=ten', /limit must be a whole number from 1 to 10/],
    ['two limits', 'q=dana&limit=1&limit=2', /limit must be given once/],
  ]
  it.each(BAD)('refuses %s with a 400 naming the field, changing nothing', async (_name, query, message) => {
    const before = await everythingStored(t)
    const res = await search(query)
    expect(res.status).toBe(400)
    const body = await res.json() as { status: number; error: string; field?: string }
    expect(body.error).toMatch(message)
    expect(body.field).toBe(message.source.startsWith('limit') ? 'limit' : 'q')
    expect(await everythingStored(t)).toBe(before)
  })
})
