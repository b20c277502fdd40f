// The `npm start` entry: starts the server from the environment and stops it cleanly on SIGINT/SIGTERM.
import { ConfigError } from './config.js'
import { start } from './main.js'

try {
  const server = await start()
  let signalled = false
  const shutdown = (signal: string) => {
    if (signalled) return
    signalled = true
    process.stderr.write(`${signal}: shutting down\n`)
    server.stop().then(() => process.exit(0), (err) => {
      process.stderr.write(`shutdown failed: ${(err as Error)?.stack ?? err}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
} catch (err) {
  if (err instanceof ConfigError) process.stderr.write(`Configuration error: ${err.message}\n`)
  else process.stderr.write(`Pacta could not start: ${(err as Error)?.stack ?? err}\n`)
  process.exit(1)
}
