import { describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { ConfigError, loadConfig } from '../../server/config.js'

describe('config', () => {
  it('has defaults for everything, PORT 8080 and DATA_DIR ./data among them', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: resolve('data'), sqliteSynchronous: 'FULL', logLevel: 'info' })
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('reads each variable', () => {
    const config = loadConfig({
      PORT: '0', DATA_DIR: '/tmp/pacta', SQLITE_SYNCHRONOUS: 'normal', MAX_MESSAGE_BYTES: '2048',
      COMPACT_AFTER_UPDATES: '7', IDLE_UNLOAD_MS: '5', LOG_LEVEL: 'WARN', HOST: '0.0.0.0', STATIC_DIR: '/srv/dist', LIBRARY_WATCH: 'off',
      IMPORT_MAX_BYTES: '4096', EXPORT_WORKERS: '2', EXPORT_WARMUP: 'false',
    })
    expect(config).toEqual({
      port: 0, host: '0.0.0.0', dataDir: '/tmp/pacta', sqliteSynchronous: 'NORMAL', staticDir: '/srv/dist',
      maxMessageBytes: 2048, compactAfterUpdates: 7, idleUnloadMs: 5, logLevel: 'warn',
      adminPassword: null, cookieSecure: false, sessionTtlHours: 168, sessionSweepMs: 3_600_000, trustProxy: '',
      loginMaxFailuresPerAccount: 5, loginMaxFailuresPerAddress: 20, loginWindowSeconds: 900, libraryWatch: false,
      importMaxBytes: 4096, exportWorkers: 2, exportWarmup: false,
    })
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a whole number, got "eighty"'],
    [{ PORT: '70000' }, 'PORT: must be between 0 and 65535, got 70000'],
    [{ SQLITE_SYNCHRONOUS: 'sometimes' }, 'SQLITE_SYNCHRONOUS: must be one of FULL, NORMAL, OFF, got "sometimes"'],
    [{ MAX_MESSAGE_BYTES: '-1' }, 'MAX_MESSAGE_BYTES: must be a whole number, got "-1"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of debug, info, warn, error, silent, got "loud"'],
    [{ PACTA_ADMIN_PASSWORD: 'short' }, 'PACTA_ADMIN_PASSWORD: must be at least 10 characters'],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE: must be true or false, got "maybe"'],
    [{ LIBRARY_WATCH: 'sometimes' }, 'LIBRARY_WATCH: must be true or false, got "sometimes"'],
    [{ TRUST_PROXY: 'loopback, nginx' }, 'TRUST_PROXY: must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated: invalid IP address: nginx'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY: must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated: invalid range on address: 10.0.0.0/33'],
  ])('fails fast naming the variable: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })
})
