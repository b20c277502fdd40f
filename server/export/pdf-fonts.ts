// The typeface of the PDF export: DejaVu Serif (regular, bold, italic, bold italic) from the
// dejavu-fonts-ttf package, so `npm ci` is all a machine needs and every character of the corpus
// has a glyph. The fonts are parsed once per process, and the layout of each word is kept across
// exports (a treaty's vocabulary repeats from one export to the next); words of the European
// scripts are set without OpenType shaping, as Word sets body text by default (no kerning, no ligatures).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { create, type Font, type GlyphRun } from 'fontkit'

/** The four styles of the body face. */
export const PDF_FONT_FILES = {
  regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf', boldItalic: 'DejaVuSerif-BoldItalic.ttf',
} as const
export type PdfFontStyle = keyof typeof PDF_FONT_FILES

/** Laid-out words kept per style; past this the cache starts again (a bound on memory, not a tuning knob). */
const MAX_CACHED_WORDS = 50_000

/** The path of one style's font file. */
export function pdfFontPath(style: PdfFontStyle = 'regular'): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  return join(dir, PDF_FONT_FILES[style])
}

/**
 * Text that needs no shaping: Latin, Greek and Cyrillic letters as precomposed characters, general
 * punctuation, currency, letterlike symbols and arrows — no combining marks, no script whose letters
 * join. Its glyphs are the font's glyphs for its characters, each advancing by its own width.
 */
const UNSHAPED = /^[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2010-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff]*$/

/** A word's glyphs and their positions in font units, as fontkit lays them out. */
interface WordLayout { glyphs: GlyphRun['glyphs']; positions: GlyphRun['positions'] }

/**
 * `font` with its `layout` answered from a cache of laid-out words. Body text is set as Word sets
 * it by default, without kerning or ligatures, so a word in the UNSHAPED ranges is its characters'
 * glyphs side by side (a tenth of the cost of OpenType shaping); any other text is shaped by fontkit.
 * pdfkit scales the positions of a run in place, so each answer gets its own copy of them; the
 * glyphs are shared and read only.
 */
function withLayoutCache(font: Font): Font {
  let cache = new Map<string, WordLayout>()
  const lay = (text: string): WordLayout => {
    if (!UNSHAPED.test(text)) return font.layout(text, { kern: false, liga: false })
    const glyphs = font.glyphsForString(text)
    return { glyphs, positions: glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) as GlyphRun['positions'] }
  }
  const layout = (text: string, features?: unknown): GlyphRun => {
    // pdfkit passes features only when a caller asks for specific ones: not cached
    if (features !== undefined) return (font.layout as (t: string, f: unknown) => GlyphRun)(text, features)
    let word = cache.get(text)
    if (!word) {
      if (cache.size >= MAX_CACHED_WORDS) cache = new Map()
      word = lay(text)
      cache.set(text, word)
    }
    const positions = word.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset }))
    // pdfkit scales the positions as soon as it receives them and reads the width afterwards, once per use of the word
    let width: number | undefined
    return {
      glyphs: word.glyphs, positions,
      get advanceWidth() { return (width ??= positions.reduce((sum, p) => sum + p.xAdvance, 0)) },
    } as unknown as GlyphRun
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
    return withLayoutCache(create(bytes) as Font)
  }
  loaded = { regular: open('regular'), bold: open('bold'), italic: open('italic'), boldItalic: open('boldItalic') }
  return loaded
}
