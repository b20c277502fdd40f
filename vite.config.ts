// Builds the browser app (document list and editor) into dist/, which the server serves.
import { defineConfig, type Plugin } from 'vite'
import type { OutputBundle, OutputChunk } from 'rolldown'
import { resolve } from 'node:path'

/**
 * The editor page runs the editor's code (editor/editor-page.ts) only once it has connected, so
 * that the code does not hold the page's thread while the connection opens; the browser is told
 * in the page's head to fetch that code, and its styles, at once. This adds to `page` a
 * modulepreload for every chunk `module` needs (the browser compiles those off the page's thread;
 * a plain `preload` left the compiling to it) and a stylesheet link for their styles.
 */
function preloadLoadedLater(page: string, module: string): Plugin {
  const chunksOf = (bundle: OutputBundle, first: OutputChunk): OutputChunk[] => {
    const seen = new Map<string, OutputChunk>()
    const visit = (chunk: OutputChunk) => {
      if (seen.has(chunk.fileName)) return
      seen.set(chunk.fileName, chunk)
      for (const name of chunk.imports) {
        const next = bundle[name]
        if (next?.type === 'chunk') visit(next)
      }
    }
    visit(first)
    return [...seen.values()]
  }
  return {
    name: 'pacta:preload-loaded-later',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith(page)) return html
        const entry = Object.values(ctx.bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.facadeModuleId === resolve(import.meta.dirname, module))
        if (!entry) throw new Error(`${page}: no chunk of ${module} to preload`)
        const href = (file: string) => `/${file}`
        const chunks = chunksOf(ctx.bundle, entry).filter((c) => !html.includes(href(c.fileName)))
        const styles = [...new Set(chunks.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]))].filter((f) => !html.includes(href(f)))
        return [
          ...chunks.map((c) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: href(c.fileName) }, injectTo: 'head' as const })),
          ...styles.map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: href(f) }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}

export default defineConfig({
  root: 'editor',
  publicDir: false,
  plugins: [preloadLoadedLater('doc.html', 'editor/editor-page.ts')],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // maps stay on the server for debugging; the scripts sent to browsers do not refer to them
    sourcemap: 'hidden',
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'editor/index.html'),
        doc: resolve(import.meta.dirname, 'editor/doc.html'),
        login: resolve(import.meta.dirname, 'editor/login.html'),
        account: resolve(import.meta.dirname, 'editor/account.html'),
        admin: resolve(import.meta.dirname, 'editor/admin.html'),
      },
    },
  },
})
