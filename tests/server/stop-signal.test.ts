// Stopping the server as a process manager does: SIGTERM to the npm process that started it stops
// the server itself (the scripts exec rather than wait in a shell that would not pass the signal on).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'pacta-stop-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Whether something accepts connections on `port` of the loopback address. */
const listening = (port: number) => new Promise<boolean>((done) => {
  const socket = createConnection({ host: '127.0.0.1', port })
  socket.once('connect', () => { socket.destroy(); done(true) })
  socket.once('error', () => done(false))
})

describe('npm start', () => {
  it('runs the server in the process npm starts, so SIGTERM to npm stops the server', { timeout: 90_000 }, async () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    // start builds the page, then hands its process over to serve (the build is left out here: it
    // would rewrite dist/ under the browser tests running beside this one)
    expect(scripts.start).toMatch(/&& exec npm run --silent serve$/)
    const npm = spawn('npm', ['run', '--silent', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: join(dir, 'data'), STATIC_DIR: join(dir, 'dist'), LIBRARY_WATCH: 'false', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    npm.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    npm.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const exited = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)))
    const port = await new Promise<number>((done, fail) => {
      const timer = setInterval(() => {
        const m = /listening url=http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
        if (m) { clearInterval(timer); done(Number(m[1])) }
      }, 100)
      void exited.then(() => { clearInterval(timer); fail(new Error(`the server exited before listening:\n${output}`)) })
    })
    expect(await listening(port)).toBe(true)

    npm.kill('SIGTERM')
    await exited
    // the server is gone too: nothing answers on its port any more
    let open = true
    for (let i = 0; i < 50 && open; i++) {
      open = await listening(port)
      if (open) await new Promise((r) => setTimeout(r, 100))
    }
    expect(open, output).toBe(false)
    expect(output).toMatch(/SIGTERM: shutting down/)
  })
})
