// What the text importers recognise, one pattern at a time, and what they report falling back.
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { importDocx } from '../../server/import/docx.js'
import { importFile } from '../../server/import/index.js'
import { importMarkdown, importPlainText } from '../../server/import/markdown.js'
import { treatyOutline } from './outline.js'
import { docxOf, zipBomb } from './bad-files.js'

const outline = (doc: Node) => { expect(treatyShapeErrors(doc)).toEqual([]); return treatyOutline(doc, {}) }

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const wordParagraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${text.split('\n').map((line, i) => `${i ? '<w:r><w:br/></w:r>' : ''}<w:r><w:t xml:space="preserve">${line}</w:t></w:r>`).join('')}</w:p>`
const wordDocument = (paragraphs: string[]) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${paragraphs.join('')}</w:body></w:document>`

describe('plain text', () => {
  it('reads the title, recitals, Part headings in Roman numerals, "ARTICLE 1" / "Article 2" / "Art. 3" headings, "1)" paragraphs and items', () => {
    const { doc, report } = importPlainText([
      'TREATY ON SAFE TALKS', '',
      'The Parties,', 'Recognising that talks save lives,', 'Have agreed as follows:', '',
      'PART I', 'GENERAL PROVISIONS', '',
      'ARTICLE 1', 'Scope', '',
      '1) This Treaty applies to talks.', '2) It applies to:', '(a) ceasefires;', '(b) releases, including:', '(i) hostages;', '(ii) detainees;', 'and to nothing else.', '',
      'Article 2 — Definitions', 'Article 3 of the Charter applies to this Treaty.', '',
      'PART II: Final clauses', '',
      'Art. 3', 'Entry into force', 'This Treaty enters into force on signature.',
    ].join('\n'))
    expect(outline(doc)).toEqual([
      'title  | TREATY ON SAFE TALKS',
      'recital  | The Parties,', 'recital  | Recognising that talks save lives,', 'recital  | Have agreed as follows:',
      'heading part Part I | GENERAL PROVISIONS',
      'heading article Article 1 | Scope',
      'paragraph 1. | This Treaty applies to talks.', 'paragraph 2. | It applies to:',
      'paragraph (a) | ceasefires;', 'paragraph (b) | releases, including:', 'paragraph (i) | hostages;', 'paragraph (ii) | detainees;',
      'paragraph … | and to nothing else.',
      'heading article Article 2 | Definitions',
      'paragraph  | Article 3 of the Charter applies to this Treaty.',
      'heading part Part II | Final clauses',
      'heading article Article 3 | Entry into force',
      'paragraph  | This Treaty enters into force on signature.',
    ])
    expect(report.counts).toMatchObject({ parts: 2, articles: 3, paragraphs: 2, items: 4, recitals: 3 })
    expect(report.fallbacks).toEqual([])
  })

  it('reads the testimonium, "DONE at" and signature blocks into the conclusion, and annexes after it', () => {
    const { doc, report } = importPlainText([
      'Article 1', 'The Parties shall talk.', '',
      'IN WITNESS WHEREOF the undersigned have signed this Treaty.', '',
      'DONE at Geneva on 1 May 2026.', '',
      'For the Republic of A:', '(signed) B. C.', '',
      'For the Front of D:', '(signed) E. F.', '',
      'ANNEX I — Map', '1. The line runs north.',
    ].join('\n'))
    expect(outline(doc)).toEqual([
      'title  | ',
      'heading article Article 1 | ',
      'paragraph  | The Parties shall talk.',
      'prose  | IN WITNESS WHEREOF the undersigned have signed this Treaty.',
      'prose  | DONE at Geneva on 1 May 2026.',
      'prose  | For the Republic of A:', 'prose  | (signed) B. C.',
      'prose  | For the Front of D:', 'prose  | (signed) E. F.',
      'heading annex Annex I | Map',
      'paragraph 1. | The line runs north.',
    ])
    expect(report.counts).toMatchObject({ signatures: 2, annexes: 1, articles: 1 })
    let signatures = 0
    doc.descendants((n) => { if (n.type.name === 'signature') signatures++ })
    expect(signatures).toBe(2)
  })

  it('reads "Article 2 Definitions" as a heading when it is the next article, and "Article 3 of …" as a sentence', () => {
    const { doc } = importPlainText('Article 1 Scope\n\nThis applies.\n\nArticle 2 Definitions\n\nArticle 5 Of note\n\nArticle 3 of the Charter applies.\n\nANNEX\n\nArticle 1 Map\n\nThe line.')
    expect(outline(doc)).toEqual([
      'title  | ',
      'heading article Article 1 | Scope', 'paragraph  | This applies.',
      'heading article Article 2 | Definitions',
      // not the next article's number, or not a heading's words: text
      'paragraph  | Article 5 Of note', 'paragraph … | Article 3 of the Charter applies.',
      // an annex numbers its articles afresh
      'heading annex Annex I | ', 'heading article Article 1 | Map', 'paragraph  | The line.',
    ])
  })

  it('keeps a drafting note where it stands without changing the numbers around it', () => {
    const { doc } = importPlainText('Article 1\n\nThe Parties agree:\n\nDrafting note: check the list.\n\n1. First.\n\n2. Second.')
    expect(outline(doc)).toEqual(['title  | ', 'heading article Article 1 | ', 'paragraph … | The Parties agree:', 'paragraph 1. | First.', 'paragraph 2. | Second.'])
    const blocks: string[] = []
    doc.descendants((n) => { if (n.isTextblock) blocks.push(n.type.name); return !n.isTextblock })
    expect(blocks).toEqual(['title', 'heading', 'paragraph', 'drafting_note', 'paragraph', 'paragraph'])
  })

  it('reads "(i)" after "(h)" and "(ii)" after "(hh)" as letters, and "(i)" under a letter as a roman numeral', async () => {
    const { letter } = await import('../../editor/model/numbering.js')
    const letters = Array.from({ length: 36 }, (_, i) => `(${letter(i + 1)}) item ${i + 1};`)
    const { doc } = importPlainText(['Article 1', '1. List:', ...letters.slice(0, 9), '(i) under (i);', ...letters.slice(9)].join('\n'))
    const markers = outline(doc).slice(3).map((l) => l.split(' | ')[0])
    expect(markers.slice(7, 11)).toEqual(['paragraph (h)', 'paragraph (i)', 'paragraph (i)', 'paragraph (j)'])
    expect(markers.slice(-3)).toEqual(['paragraph (hh)', 'paragraph (ii)', 'paragraph (jj)'])
  })

  it('joins soft-wrapped lines into their paragraph', () => {
    const { doc } = importPlainText('Article 1\nScope\n1. The Parties shall\ntake all measures.\n2. Second.')
    expect(outline(doc).slice(2)).toEqual(['paragraph 1. | The Parties shall take all measures.', 'paragraph 2. | Second.'])
  })

  it('keeps text it cannot place, as drafting notes, and reports each with its reason', () => {
    const { doc, report } = importPlainText('Article 1\nText.\n\nCHAPTER I\n\nIntroductory words under the chapter.\n\nArticle 2\nMore text.')
    expect(doc.textContent).toContain('Introductory words under the chapter.')
    expect(report.fallbacks).toEqual([{ text: 'Introductory words under the chapter.', reason: 'text directly under a chapter heading, outside any article: kept as a drafting note' }])
  })
})

describe('Markdown', () => {
  it('reads headings with or without a space after #, "Article 1" with its heading on the next line, emphasis and links', () => {
    const { doc } = importMarkdown([
      '<meta charset="utf-8">', '# Model Treaty', '', '## Preamble', '', 'The Parties,', '',
      '##PART  I  ', '', '####GENERAL', '', '### Article  1  ', '', '####Use of terms', '',
      '1.For the purposes of this Treaty, *inter alia* "**party**" means a [State](https://example.org).', '',
      '## Final provisions', '', '### Article 2 — Depositary', '', 'The depositary is the Secretary-General.',
    ].join('\n'))
    expect(outline(doc)).toEqual([
      'title  | Model Treaty', 'recital  | The Parties,',
      'heading part Part I | GENERAL', 'heading article Article 1 | Use of terms',
      'paragraph  | For the purposes of this Treaty, inter alia "party" means a State.',
      'heading final_provisions | Final provisions', 'heading article Article 2 | Depositary',
      'paragraph  | The depositary is the Secretary-General.',
    ])
    const marks: string[] = []
    doc.descendants((n) => { for (const m of n.marks) marks.push(`${m.type.name}:${n.text}`) })
    expect(marks).toEqual(['em:inter alia', 'strong:party'])
  })

  it('reads Pacta\'s own Markdown export with its numbers', async () => {
    const { sampleTreaty, SAMPLE_PARAMETERS } = await import('../../editor/model/sample.js')
    const { treatyToMarkdown } = await import('../../server/export/markdown.js')
    const md = treatyToMarkdown(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'Sample', clean: true })
    const { doc } = importMarkdown(md)
    const labels = [...numberTreaty(doc).byPos.values()]
    const refs = labels.map((l) => l.ref)
    expect(refs).toContain('Article 2(a)')
    expect(refs).toContain('Article 4(2)')
    expect(refs).toContain('Annex I, paragraph 1')
    expect(labels.filter((l) => l.kind === 'article').length).toBe(7)
  })
})

describe('Word', () => {
  it('uses heading styles by their names, so localised style ids work', () => {
    const styles = `<?xml version="1.0"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="berschrift3"><w:name w:val="heading 3"/></w:style></w:styles>`
    const bytes = docxOf({
      'word/document.xml': wordDocument([
        wordParagraph('Vertrag', 'Titel'), wordParagraph('Part I\nAllgemeines', 'berschrift1'), wordParagraph('Article 1 Zweck', 'berschrift3'),
        wordParagraph('Dieser Vertrag dient dem Frieden.'), wordParagraph('Begriffe', 'berschrift3'), wordParagraph('Text ohne Nummer.'),
      ]),
      'word/styles.xml': styles,
    })
    const { doc, report } = importDocx(bytes)
    expect(outline(doc)).toEqual([
      'title  | Vertrag', 'heading part Part I | Allgemeines', 'heading article Article 1 | Zweck',
      'paragraph  | Dieser Vertrag dient dem Frieden.', 'heading part Part I | Begriffe',
    ])
    expect(report.counts).toMatchObject({ parts: 1, articles: 1, subheadings: 1 })
    // a heading that numbers nothing ends the article; the text after it is kept, and reported
    expect(doc.textContent).toContain('Text ohne Nummer.')
    expect(report.fallbacks).toEqual([{ text: 'Text ohne Nummer.', reason: 'text directly under a part heading, outside any article: kept as a drafting note' }])
  })

  it('reads a Word file without styles by its text patterns', () => {
    const bytes = docxOf({ 'word/document.xml': wordDocument(['Agreement', 'Article 1', 'Purpose', '1.\tThe parties agree.', '(a)\tfirst;', '2.\tSecond.'].map((p) => wordParagraph(p))) })
    expect(outline(importDocx(bytes).doc)).toEqual([
      'title  | Agreement', 'heading article Article 1 | Purpose', 'paragraph 1. | The parties agree.', 'paragraph (a) | first;', 'paragraph 2. | Second.',
    ])
  })

  it('reads paragraphs Word numbers itself (automatic lists) by their list format: "1.", "(a)", "(i)"; bullets take no number', () => {
    const numbering = `<?xml version="1.0"?><w:numbering ${W}>
      <w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl><w:lvl w:ilvl="2"><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num></w:numbering>`
    const listed = (text: string, numId: number, ilvl: number) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`
    const bytes = docxOf({
      'word/document.xml': wordDocument([
        wordParagraph('Article 1'), wordParagraph('Obligations'),
        listed('The Parties shall:', 3, 0), listed('cease fire;', 3, 1), listed('in the air;', 3, 2), listed('release detainees.', 3, 1),
        listed('They shall report', 3, 0), listed('a remark', 4, 0),
      ]),
      'word/numbering.xml': numbering,
    })
    const { doc, report } = importDocx(bytes)
    expect(outline(doc)).toEqual([
      'title  | ', 'heading article Article 1 | Obligations',
      'paragraph 1. | The Parties shall:', 'paragraph (a) | cease fire;', 'paragraph (i) | in the air;', 'paragraph (b) | release detainees.',
      'paragraph 2. | They shall report', 'paragraph … | a remark',
    ])
    expect(report.counts).toMatchObject({ paragraphs: 2, items: 3 })
  })

  it('reads headings Word numbers itself ("PART %1", "Article %1") as the parts and articles they open', () => {
    const numbering = `<?xml version="1.0"?><w:numbering ${W}>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="PART %1"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Article %1"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num></w:numbering>`
    const numbered = (text: string, numId: number, style?: string) =>
      `<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`
    const bytes = docxOf({
      'word/document.xml': wordDocument([
        wordParagraph('Peace Treaty', 'Title'),
        numbered('General provisions', 1, 'Heading1'), numbered('Purpose', 2, 'Heading3'), numbered('First.', 3), numbered('Second.', 3),
        numbered('Final clauses', 1, 'Heading1'), numbered('Entry into force', 2, 'Heading3'), wordParagraph('On signature.'),
      ]),
      'word/numbering.xml': numbering,
    })
    const { doc, report } = importDocx(bytes)
    expect(outline(doc)).toEqual([
      'title  | Peace Treaty', 'heading part Part I | General provisions', 'heading article Article 1 | Purpose',
      'paragraph 1. | First.', 'paragraph 2. | Second.',
      'heading part Part II | Final clauses', 'heading article Article 2 | Entry into force', 'paragraph  | On signature.',
    ])
    expect(report.counts).toMatchObject({ parts: 2, articles: 2, paragraphs: 2 })
  })

  it('keeps bold, italic and underlined words, written by Word\'s own runs, as marks; a heading\'s all-bold look is not one', async () => {
    const bytes = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [
      new Paragraph({ text: 'Treaty of Friendship', heading: HeadingLevel.TITLE }),
      new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: 'Article 1 Definitions', bold: true })] }),
      new Paragraph({ children: [
        new TextRun('1. The term '), new TextRun({ text: 'Party', bold: true }), new TextRun(' means a State that applies it '),
        new TextRun({ text: 'mutatis mutandis', italics: true }), new TextRun(', '), new TextRun({ text: 'in good faith', underline: {} }),
        new TextRun(' and '), new TextRun({ text: 'at once', bold: true, italics: true }), new TextRun({ text: ' unbolded', bold: false }), new TextRun('.'),
      ] }),
      new Paragraph({ children: [new TextRun('2. '), new TextRun({ text: 'Second', italics: true }), new TextRun('.')] }),
    ] }] })))
    const { doc } = importDocx(bytes)
    expect(outline(doc)).toEqual([
      'title  | Treaty of Friendship', 'heading article Article 1 | Definitions',
      'paragraph 1. | The term Party means a State that applies it mutatis mutandis, in good faith and at once unbolded.', 'paragraph 2. | Second.',
    ])
    const marked: string[] = []
    doc.descendants((n, _pos, parent) => {
      if (n.isText && n.marks.length) marked.push(`${parent!.type.name}: ${n.text} [${n.marks.map((m) => m.type.name).join(' ')}]`)
    })
    expect(marked).toEqual([
      'paragraph: Party [strong]', 'paragraph: mutatis mutandis [em]', 'paragraph: in good faith [underline]', 'paragraph: at once [strong em]', 'paragraph: Second [em]',
    ])
  })

  it('refuses a package whose directory understates its sizes without inflating past them', () => {
    const bomb = zipBomb(8 * 1024 * 1024)
    // the central directory's uncompressed size of the one entry, rewritten to 100 bytes
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength)
    let cd = bomb.length - 22
    while (view.getUint32(cd, true) !== 0x06054b50) cd--
    const entry = view.getUint32(cd + 16, true)
    view.setUint32(entry + 24, 100, true)
    expect(() => importDocx(bomb)).toThrow(/not well-formed XML|damaged/)
  })

  it('names the problem for each bad input through the one entry point', () => {
    expect(() => importFile({ bytes: new TextEncoder().encode('%PDF-1.4'), filename: 'x.docx' })).toThrow('the file is not a Word document: a .docx is a ZIP package, and this file is a PDF')
  })
})

describe('Akoma Ntoso', () => {
  it('reads parts, chapters, paragraphs with lists (intro, points, wrap-up), unnumbered subparagraphs and the conclusions', async () => {
    const { importAkn } = await import('../../server/import/akn.js')
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="treaty">
  <preface><longTitle><p><docTitle>Treaty of Test</docTitle></p></longTitle></preface>
  <preamble><recitals><recital><p>Recognising <i>much</i>,</p></recital></recitals><formula name="enactingFormula"><p>Have agreed:</p></formula></preamble>
  <body><part eId="part_1"><num>Part I</num><heading>General</heading>
    <chapter eId="chp_1"><num>Chapter I</num><heading>Scope</heading>
      <article eId="art_1"><num>Article 1</num><heading>Use of terms</heading>
        <paragraph eId="art_1__para_1"><num>1.</num>
          <subparagraph><content><p>In this Treaty:</p></content></subparagraph>
          <list><point eId="art_1__para_1__point_a"><num>(a)</num><content><p>"party" means a State;</p></content></point>
            <point eId="art_1__para_1__point_b"><num>(b)</num><list><intro><p>"talks" means:</p></intro>
              <point><num>(i)</num><content><p>meetings;</p></content></point></list></point>
            <wrapUp><p>unless the context requires otherwise.</p></wrapUp></list>
        </paragraph>
        <paragraph eId="art_1__para_2"><num>2.</num><content><p>See <ref href="#art_1__para_1__point_a">point (a)</ref>.</p></content></paragraph>
      </article></chapter></part>
  </body>
  <conclusions><p>DONE at Vienna.</p><container name="signature"><p>For A:</p><p>(signed)</p></container></conclusions>
</act></akomaNtoso>`
    const { doc, report } = importAkn(xml)
    expect(outline(doc)).toEqual([
      'title  | Treaty of Test', 'recital  | Recognising much,', 'recital  | Have agreed:',
      'heading part Part I | General', 'heading chapter Chapter I | Scope', 'heading article Article 1 | Use of terms',
      'paragraph 1. | In this Treaty:', 'paragraph (a) | "party" means a State;', 'paragraph (b) | "talks" means:', 'paragraph (i) | meetings;',
      'paragraph … | unless the context requires otherwise.',
      'paragraph 2. | See subparagraph (a) of paragraph 1.',
      'prose  | DONE at Vienna.', 'prose  | For A:', 'prose  | (signed)',
    ])
    expect(report.counts).toMatchObject({ parts: 1, chapters: 1, articles: 1, paragraphs: 2, items: 3, recitals: 2, signatures: 1 })
  })
})

describe('Akoma Ntoso references', () => {
  it('keeps a reference to an element that is no unit of the treaty as the text it showed', async () => {
    const { importAkn } = await import('../../server/import/akn.js')
    const xml = `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body><article eId="art_1"><num>Article 1</num>
      <paragraph eId="art_1__para_1"><subparagraph eId="art_1__para_1__subpara_1"><content><p>First words.</p></content></subparagraph></paragraph>
      <paragraph eId="art_1__para_2"><num>2.</num><content><p>As said in <ref href="#art_1__para_1__subpara_1">the first words</ref> and <ref href="#art_1">Article 1</ref>.</p></content></paragraph>
    </article></body></act></akomaNtoso>`
    const { doc } = importAkn(xml)
    const xrefs: string[] = []
    doc.descendants((n) => { if (n.type.name === 'xref') xrefs.push(String(n.attrs.target)) })
    expect(xrefs).toEqual(['akn-art_1'])
    expect(doc.textContent).toContain('As said in the first words and .')
  })
})
