// Builds the browser app (document list and editor) into dist/, which the server serves.
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite'
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

/** The pages other than the editor's: the document list, sign-in, account and administration. */
const OTHER_PAGES = ['index', 'login', 'account', 'admin']

const page = (name: string) => resolve(import.meta.dirname, `editor/${name}.html`)

/**
 * Builds the other pages after the editor's page, apart from it, into the same folder with the
 * same minifying and maps. Built together, every module the editor's page shares with one of them
 * became a chunk of its own (eight scripts and four stylesheets for the editor's page); built
 * apart, the editor's page is four scripts and one stylesheet, and opens about 5 % sooner
 * (`npm run bench:editor` with BENCH_EDITOR_COMPARE_DIST, docs/benchmarks.md).
 */
function otherPagesApart(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'pacta:other-pages-apart',
    apply: 'build',
    configResolved(resolved) { config = resolved },
    async closeBundle() {
      await build({
        configFile: false,
        root: config.root,
        publicDir: false,
        logLevel: config.logLevel,
        build: {
          outDir: config.build.outDir,
          emptyOutDir: false,
          minify: config.build.minify,
          sourcemap: config.build.sourcemap,
          rollupOptions: { input: Object.fromEntries(OTHER_PAGES.map((name) => [name, page(name)])) },
        },
      })
    },
  }
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'editor'),
  publicDir: false,
  plugins: [preloadLoadedLater('doc.html', 'editor/editor-page.ts'), otherPagesApart()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // maps stay on the server for debugging; the scripts sent to browsers do not refer to them
    sourcemap: 'hidden',
    // one stylesheet for the editor's page (its dialogs' styles are a few kB)
    cssCodeSplit: false,
    // every browser the editor supports preloads modules itself (the polyfill only checked that, first thing)
    modulePreload: { polyfill: false },
    rollupOptions: { input: { doc: page('doc') } },
  },
})
