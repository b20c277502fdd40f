// The PDF export's typeface: DejaVu Serif from an npm package, with every style loadable; words of
// the European scripts laid out glyph by glyph (no ligature, no kerning, as Word's default), other
// text shaped with OpenType so a combining mark sits over its letter.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PDF_FONT_FILES, pdfFontPath, pdfFonts, type PdfFontStyle } from '../../server/export/pdf-fonts.js'

describe('PDF fonts', () => {
  it('come from the dejavu-fonts-ttf package in four styles', () => {
    for (const style of Object.keys(PDF_FONT_FILES) as PdfFontStyle[]) {
      expect(existsSync(pdfFontPath(style)), style).toBe(true)
      expect(pdfFonts()[style].familyName, style).toBe('DejaVu Serif')
    }
  })

  it('set a word glyph by glyph: "office" keeps its f, f and i, each advancing by its own width', () => {
    const font = pdfFonts().regular
    const run = font.layout('office ')
    expect(run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('')).toBe('office ')
    expect(run.positions.map((p) => p.xAdvance)).toEqual(font.glyphsForString('office ').map((g) => g.advanceWidth))
  })

  it('shape text with a combining mark, which the font\'s mark positioning places over its letter', () => {
    const run = pdfFonts().regular.layout('e\u0301')
    expect(run.glyphs).toHaveLength(2)
    expect(run.positions[1]!.xAdvance).toBe(0)
    // unshaped, the mark would sit where the letter ends
    expect(run.positions[1]!.xOffset).toBeLessThan(0)
  })

  it('answer each layout with positions of its own, since pdfkit scales them in place', () => {
    const font = pdfFonts().bold
    const first = font.layout('treaty ')
    first.positions[0]!.xAdvance *= 1000
    expect(font.layout('treaty ').positions[0]!.xAdvance).toBe(first.positions[0]!.xAdvance / 1000)
  })
})
