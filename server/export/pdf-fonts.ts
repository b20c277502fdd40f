// The typeface of the PDF export: DejaVu Serif (regular, bold, italic, bold italic) from the
// dejavu-fonts-ttf package, so `npm ci` is all a machine needs and every character of the corpus
// has a glyph. The fonts are parsed once per process, and the shaping of each word (OpenType
// substitutions and positioning, most of the cost of laying out a long treaty) is kept across
// exports: a treaty's vocabulary repeats from one export to the next. Body text is not kerned.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { create, type Font, type GlyphRun } from 'fontkit'

/** The four styles of the body face. */
export const PDF_FONT_FILES = {
  regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf', boldItalic: 'DejaVuSerif-BoldItalic.ttf',
} as const
export type PdfFontStyle = keyof typeof PDF_FONT_FILES

/** Shaped words kept per style; past this the cache starts again (a bound on memory, not a tuning knob). */
const MAX_CACHED_WORDS = 50_000

/** The path of one style's font file. */
export function pdfFontPath(style: PdfFontStyle = 'regular'): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  return join(dir, PDF_FONT_FILES[style])
}

/**
 * `font` with its `layout` answered from a cache of shaped words. pdfkit scales the positions of
 * a run in place, so each answer gets its own copy of them; the glyphs are shared and read only.
 */
function withShapingCache(font: Font): Font {
  let cache = new Map<string, GlyphRun>()
  const layout = (text: string, features?: unknown): GlyphRun => {
    // pdfkit passes features only when a caller asks for specific ones: not cached
    if (features !== undefined) return (font.layout as (t: string, f: unknown) => GlyphRun)(text, features)
    let run = cache.get(text)
    if (!run) {
      if (cache.size >= MAX_CACHED_WORDS) cache = new Map()
      // no kerning, as Word sets body text by default; it halves the cost of shaping a word
      run = font.layout(text, { kern: false })
      cache.set(text, run)
    }
    const positions = run.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset }))
    return {
      glyphs: run.glyphs, positions, script: run.script, language: run.language, direction: run.direction, features: run.features,
      get advanceWidth() { return positions.reduce((sum, p) => sum + p.xAdvance, 0) },
      get advanceHeight() { return positions.reduce((sum, p) => sum + p.yAdvance, 0) },
      get bbox() { return run!.bbox },
    } as GlyphRun
  }
  return new Proxy(font, { get: (target, key) => (key === 'layout' ? layout : Reflect.get(target, key, target)) })
}

let loaded: Record<PdfFontStyle, Font> | null = null

/**
 * The body face's four styles, ready for pdfkit's `registerFont`; read and parsed on first use.
 * Throws naming the missing file when the dejavu-fonts-ttf package is not installed.
 */
export function pdfFonts(): Record<PdfFontStyle, Font> {
  if (loaded) return loaded
  const open = (style: PdfFontStyle): Font => {
    let bytes: Buffer
    try {
      bytes = readFileSync(pdfFontPath(style))
    } catch (err) {
      throw new Error(`the PDF export's font ${PDF_FONT_FILES[style]} cannot be read (is the dejavu-fonts-ttf package installed?): ${(err as Error).message}`)
    }
    return withShapingCache(create(bytes) as Font)
  }
  loaded = { regular: open('regular'), bold: open('bold'), italic: open('italic'), boldItalic: open('boldItalic') }
  return loaded
}
