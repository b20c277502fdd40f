// Serves the build's content-hashed scripts and styles (dist/assets) gzip-compressed from memory.
// Each file is compressed once, when it is first asked for, rather than on every request: the
// editor's script is half a megabyte, and compressing it again for every page opened cost the
// server's thread and delayed the page's start. The files never change under their names (Vite
// puts a hash of the content in each), so a copy kept in memory cannot go stale; a build made
// while the server runs brings new names, which are compressed when first asked for.
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { RequestHandler } from 'express'

const gzipAsync = promisify(gzip)

/** The kinds of file worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.txt'])

/** A year: the files are named by their content. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Middleware for `dir` mounted at its URL prefix: answers a GET or HEAD for a compressible file that
 * exists in `dir`, from a browser that accepts gzip, with the file's compressed copy; passes every
 * other request on (to express.static, which serves it as before).
 */
export function compressedAssets(dir: string): RequestHandler {
  const root = resolve(dir)
  const cache = new Map<string, Promise<Buffer | null>>()

  const compressed = (file: string): Promise<Buffer | null> => {
    let entry = cache.get(file)
    if (!entry) {
      entry = readFile(file).then((raw) => gzipAsync(raw), () => null)
      cache.set(file, entry)
      // a file that is not there (yet) is looked for again next time
      void entry.then((b) => { if (b === null) cache.delete(file) }, () => cache.delete(file))
    }
    return entry
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    if (!COMPRESSIBLE.has(extname(req.path)) || !req.acceptsEncodings('gzip')) return next()
    let name: string
    try { name = decodeURIComponent(req.path) } catch { return next() }
    const file = resolve(join(root, name))
    if (!file.startsWith(root + sep) || name.includes('\0')) return next()
    compressed(file).then((body) => {
      if (body === null) return next()
      res.type(extname(file))
      res.setHeader('Content-Encoding', 'gzip')
      res.setHeader('Vary', 'Accept-Encoding')
      res.setHeader('Cache-Control', IMMUTABLE)
      res.setHeader('Content-Length', String(body.length))
      res.end(req.method === 'HEAD' ? undefined : body)
    }, next)
  }
}
