// Password hashing with scrypt (node:crypto): a per-user salt, parameters stored with the hash, constant-time checks.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt cost parameters: N = 2^14, r = 8, p = 1 (about 16 MB and tens of milliseconds per hash). */
const PARAMS = { N: 16384, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const SALT_BYTES = 16

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** Hashes `password` with a fresh random salt into `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, PARAMS)
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

/**
 * True when `password` matches `stored`. The comparison takes the same time however many bytes
 * match; a malformed stored hash never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (expected.length !== KEY_LENGTH) return false
  const actual = await derive(password, salt, { N, r, p })
  return timingSafeEqual(actual, expected)
}

/**
 * A stored hash that no password matches: checked against when the username is unknown, so
 * that an unknown user costs the same time as a wrong password (same parameters, so the same
 * scrypt work). Its key is random bytes, as indistinguishable from a real hash as a hash of a
 * random password, but without running scrypt at start-up, whose 16 MB block the allocator
 * of the thread that ran it keeps.
 */
export const dummyHash: Promise<string> = Promise.resolve(
  `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${randomBytes(SALT_BYTES).toString('base64url')}$${randomBytes(KEY_LENGTH).toString('base64url')}`,
)

/** A random password to hand out once (first admin, new accounts, resets): 20 characters, about 120 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url')
}
