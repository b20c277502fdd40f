// A server in a child process for crash tests: starts on PORT 0 with DATA_DIR, prints its port, runs until killed.
import { start } from '../../server/main.js'

const server = await start({ port: 0, host: '127.0.0.1', dataDir: process.env.DATA_DIR, staticDir: '/nonexistent', logLevel: 'warn', sqliteSynchronous: 'FULL' })
process.stdout.write(JSON.stringify({ port: server.port }) + '\n')
