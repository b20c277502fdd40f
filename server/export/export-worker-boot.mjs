// The entry point of an export worker thread. A worker does not inherit the loader that lets the
// server run TypeScript (`node --import tsx`, or Vitest's), so it registers tsx's loader itself
// and then loads the worker's code.
import { register } from 'tsx/esm/api'

register()
await import('./export-worker.ts')
