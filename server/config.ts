// The server's configuration: every setting, its environment variable, default and check, read once.
import { resolve } from 'node:path'
import { compileProxyTrust } from './http/client-address.js'
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './sync/limits.js'

/** Levels the logger knows, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** SQLite `PRAGMA synchronous` values accepted; FULL survives power loss, NORMAL only a process crash. */
export const SQLITE_SYNCHRONOUS = ['FULL', 'NORMAL', 'OFF'] as const
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS)[number]

/** Everything the server can be told. No other module reads `process.env`. */
export interface Config {
  /** TCP port for HTTP and WebSocket sync; 0 picks a free one (tests). */
  port: number
  /** Interface to listen on. Loopback by default: the server is private until someone decides to serve other machines. */
  host: string
  /** Folder holding the SQLite database; created when missing. */
  dataDir: string
  /** SQLite durability: FULL fsyncs each group commit. */
  sqliteSynchronous: SqliteSynchronous
  /** Folder with the built editor (`vite build`); served as static files. */
  staticDir: string
  /** Largest sync message accepted; a larger one closes its connection with 4413. */
  maxMessageBytes: number
  /** Stored updates per document after which the update log is folded into a snapshot. */
  compactAfterUpdates: number
  /** How long a document with nobody connected stays in memory before it is unloaded. */
  idleUnloadMs: number
  /** Least severe log level written. */
  logLevel: LogLevel
  /**
   * Password for the `admin` account created on first start with an empty database. Null: a
   * one-time password is generated and printed once to stdout, to be changed at first login.
   */
  adminPassword: string | null
  /** Whether the session cookie is marked Secure (set when Pacta is served over HTTPS). */
  cookieSecure: boolean
  /** How long a session lasts after login, in hours. */
  sessionTtlHours: number
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or `loopback`,
   * `linklocal`, `uniquelocal`; comma-separated). Empty: none, each request's address is its socket's.
   */
  trustProxy: string
  /** How often expired sessions are deleted from the database, in milliseconds (also once at start). */
  sessionSweepMs: number
  /** Failed logins for one account within the window after which its logins are refused (429). */
  loginMaxFailuresPerAccount: number
  /** Failed logins from one address within the window after which its logins are refused (429). */
  loginMaxFailuresPerAddress: number
  /** The login rate-limit window, in seconds. */
  loginWindowSeconds: number
  /** Whether a change to the clauses/ or templates/ files is picked up without a restart. */
  libraryWatch: boolean
  /** Largest file accepted by the import (bytes); a larger upload is refused with 413. */
  importMaxBytes: number
  /** Worker threads rendering PDF and Word exports off the event loop; 0 renders them on it. */
  exportWorkers: number
  /** Whether the export workers lay out a sample treaty once at start, so the first export is fast. */
  exportWarmup: boolean
}

/** A setting that cannot be used; the message names the environment variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, normalise = (s: string) => s): T {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = normalise(raw.trim())
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`)
  }
  return value as T
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name]
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim()
}

/** The repository root, from this file's place in `server/`. */
const ROOT = resolve(import.meta.dirname, '..')

/**
 * Reads the configuration from `env` (the process environment by default) into a frozen
 * object, applying defaults. Throws a ConfigError naming the variable when a value is unusable,
 * so a misconfigured server stops at start-up rather than misbehaving later.
 */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: text(env, 'HOST', '127.0.0.1'),
    dataDir: resolve(text(env, 'DATA_DIR', './data')),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', SQLITE_SYNCHRONOUS, 'FULL', (s) => s.toUpperCase()),
    staticDir: resolve(text(env, 'STATIC_DIR', resolve(ROOT, 'dist'))),
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 1, 1_000_000),
    idleUnloadMs: integer(env, 'IDLE_UNLOAD_MS', 30_000, 0, 24 * 3600 * 1000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', (s) => s.toLowerCase()),
    adminPassword: adminPassword(env, 'PACTA_ADMIN_PASSWORD'),
    cookieSecure: flag(env, 'COOKIE_SECURE', false),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 7 * 24, 1, 365 * 24),
    sessionSweepMs: integer(env, 'SESSION_SWEEP_MS', 3600 * 1000, 1000, 7 * 24 * 3600 * 1000),
    trustProxy: proxies(env, 'TRUST_PROXY'),
    loginMaxFailuresPerAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1_000_000),
    loginMaxFailuresPerAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 1_000_000),
    loginWindowSeconds: integer(env, 'LOGIN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
    libraryWatch: flag(env, 'LIBRARY_WATCH', true),
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    exportWorkers: integer(env, 'EXPORT_WORKERS', 1, 0, 16),
    exportWarmup: flag(env, 'EXPORT_WARMUP', true),
  })
}

/** The environment variable behind each setting, for messages and documentation. */
export const CONFIG_VARIABLES: Record<keyof Config, string> = {
  port: 'PORT', host: 'HOST', dataDir: 'DATA_DIR', sqliteSynchronous: 'SQLITE_SYNCHRONOUS', staticDir: 'STATIC_DIR',
  maxMessageBytes: 'MAX_MESSAGE_BYTES', compactAfterUpdates: 'COMPACT_AFTER_UPDATES', idleUnloadMs: 'IDLE_UNLOAD_MS',
  logLevel: 'LOG_LEVEL', adminPassword: 'PACTA_ADMIN_PASSWORD', cookieSecure: 'COOKIE_SECURE', sessionTtlHours: 'SESSION_TTL_HOURS', sessionSweepMs: 'SESSION_SWEEP_MS', trustProxy: 'TRUST_PROXY',
  loginMaxFailuresPerAccount: 'LOGIN_MAX_FAILURES_PER_ACCOUNT', loginMaxFailuresPerAddress: 'LOGIN_MAX_FAILURES_PER_ADDRESS',
  loginWindowSeconds: 'LOGIN_WINDOW_SECONDS', libraryWatch: 'LIBRARY_WATCH', importMaxBytes: 'IMPORT_MAX_BYTES',
  exportWorkers: 'EXPORT_WORKERS', exportWarmup: 'EXPORT_WARMUP',
}

/** Shortest admin password accepted from the environment (the same rule as every password). */
export const MIN_PASSWORD_LENGTH = 10

function adminPassword(env: Env, name: string): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  if ([...raw].length < MIN_PASSWORD_LENGTH) throw new ConfigError(name, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  return raw
}

/** The environment variable behind each sync limit (see server/sync/limits.ts for what each means). */
export const SYNC_LIMIT_VARIABLES: Record<keyof SyncLimits, string> = {
  ratePerSecond: 'SYNC_RATE_PER_SECOND', rateBurst: 'SYNC_RATE_BURST',
  maxConnectionsPerAddress: 'SYNC_MAX_CONNECTIONS_PER_ADDRESS', maxConnectionsPerUser: 'SYNC_MAX_CONNECTIONS_PER_USER',
  maxPendingHandshakesPerAddress: 'SYNC_MAX_PENDING_HANDSHAKES_PER_ADDRESS', handshakeTimeoutMs: 'HANDSHAKE_TIMEOUT_MS',
  maxPendingUpdateBytes: 'MAX_PENDING_UPDATE_BYTES', maxPresenceBytes: 'MAX_PRESENCE_BYTES',
  maxBufferedBytes: 'SYNC_MAX_BUFFERED_BYTES', allowedOrigins: 'ALLOWED_ORIGINS', allowMissingOrigin: 'ALLOW_MISSING_ORIGIN',
  badUpdateCooldownMs: 'SYNC_BAD_UPDATE_COOLDOWN_MS',
}

function proxies(env: Env, name: string): string {
  const value = text(env, name, '')
  try {
    compileProxyTrust(value)
  } catch (err) {
    throw new ConfigError(name, `must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated: ${(err as Error).message}`)
  }
  return value
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off'].includes(value)) return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

function origins(env: Env, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((origin) => {
    let url: URL
    try { url = new URL(origin) } catch { throw new ConfigError(name, `"${origin}" is not an origin like https://pacta.example.org`) }
    if (!/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(name, `"${origin}" is not an origin like https://pacta.example.org`)
    }
    return url.origin
  })
}

/**
 * Reads the sync layer's limits from `env` (defaults in server/sync/limits.ts), failing fast
 * with a ConfigError naming the variable. Kept apart from `loadConfig` so the core settings
 * stay one flat object.
 */
export function loadSyncLimits(env: Env = process.env): Readonly<SyncLimits> {
  const d = DEFAULT_SYNC_LIMITS
  const v = SYNC_LIMIT_VARIABLES
  return Object.freeze({
    ratePerSecond: integer(env, v.ratePerSecond, d.ratePerSecond, 1, 1_000_000),
    rateBurst: integer(env, v.rateBurst, d.rateBurst, 1, 10_000_000),
    maxConnectionsPerAddress: integer(env, v.maxConnectionsPerAddress, d.maxConnectionsPerAddress, 1, 1_000_000),
    maxConnectionsPerUser: integer(env, v.maxConnectionsPerUser, d.maxConnectionsPerUser, 1, 1_000_000),
    maxPendingHandshakesPerAddress: integer(env, v.maxPendingHandshakesPerAddress, d.maxPendingHandshakesPerAddress, 1, 1_000_000),
    handshakeTimeoutMs: integer(env, v.handshakeTimeoutMs, d.handshakeTimeoutMs, 100, 3_600_000),
    maxPendingUpdateBytes: integer(env, v.maxPendingUpdateBytes, d.maxPendingUpdateBytes, 1024, 1024 * 1024 * 1024),
    maxPresenceBytes: integer(env, v.maxPresenceBytes, d.maxPresenceBytes, 256, 1024 * 1024),
    maxBufferedBytes: integer(env, v.maxBufferedBytes, d.maxBufferedBytes, 1024 * 1024, 4 * 1024 * 1024 * 1024),
    allowedOrigins: origins(env, v.allowedOrigins),
    allowMissingOrigin: flag(env, v.allowMissingOrigin, d.allowMissingOrigin),
    badUpdateCooldownMs: integer(env, v.badUpdateCooldownMs, d.badUpdateCooldownMs, 0, 3_600_000),
  })
}
