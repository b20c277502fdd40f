// @vitest-environment jsdom
// Every place that shows a paragraph's number shows the same marker: the editor, the library
// preview, the clause compared with the library, and the HTML export.
import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { article, doc, heading, paragraph, subparagraph, subsubparagraph, title, xref } from '../../editor/model/build.js'
import { BROKEN_XREF_TEXT } from '../../editor/model/numbering.js'
import { schema } from '../../editor/model/schema.js'
import { clauseText } from '../../editor/model/clauses/deviation-diff.js'
import { numberingPlugin } from '../../editor/plugins/numbering.js'
import { previewNodes } from '../../editor/ui/library-panel.js'
import { treatyToHtml } from '../../server/export/html.js'
import { parseExport } from '../export/inspect.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)
const texts = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector)).map((el) => el.textContent ?? '')

// Paragraph 1 holds 30 sub-paragraphs; the first holds 30 items of the second level.
const lists = article(heading('Long lists'),
  paragraph('Lead-in', [
    ...subparagraph('Sub-paragraph 1', range(30).flatMap((i) => subsubparagraph(`Item ${i}`))),
    ...range(29).flatMap((i) => subparagraph(`Sub-paragraph ${i + 1}`)),
  ]),
  paragraph('Closing paragraph'))
const treaty = doc(title('Treaty'), lists)

const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'aa', 'bb', 'cc', 'dd']
const romans = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii', 'xix', 'xx',
  'xxi', 'xxii', 'xxiii', 'xxiv', 'xxv', 'xxvi', 'xxvii', 'xxviii', 'xxix', 'xxx']
const expected = ['1.', '(a)', ...romans.map((r) => `(${r})`), ...letters.slice(1).map((l) => `(${l})`), '2.']

describe('paragraph markers', () => {
  it('read (a) … (z), (aa) … (dd) and (i) … (xxx) alike in the editor, the library preview, the clause diff and the HTML export', () => {
    const view = new EditorView(document.body.appendChild(document.createElement('div')), {
      state: EditorState.create({ schema, doc: treaty, plugins: [numberingPlugin()] }),
    })
    const editor = Array.from(view.dom.querySelectorAll('.paragraph[data-marker]'), (el) => el.getAttribute('data-marker'))
    view.destroy()

    const preview = texts(previewNodes([lists], () => undefined), '.lp-marker')

    const diff = clauseText([lists]).split('\n').map((line) => /^(\d+\.|\([a-z]+\)) /.exec(line)?.[1]).filter((m) => m !== undefined)

    const html = texts(parseExport(treatyToHtml(treaty, {}, { title: 'Treaty', clean: true })), '.unit .num')

    expect(editor).toEqual(expected)
    expect(preview).toEqual(expected)
    expect(diff).toEqual(expected)
    expect(html).toEqual(expected)
  })
})

describe('references in the library preview', () => {
  it('read as they will in the document, resolved against the clause\'s own numbering, in the document\'s style', () => {
    const clause = [
      article({ id: 'c1' }, heading('One'), paragraph({ id: 'c1p1' }, 'x'), paragraph({ id: 'c1p2' }, 'Under ', xref('c1p1'), '.')),
      article({ id: 'c2' }, heading('Two'), paragraph({ id: 'c2p1' }, 'Under ', xref('c1p2'), ' and ', xref('gone'), '.')),
    ]
    expect(texts(previewNodes(clause, () => undefined), '.lp-xref')).toEqual(['paragraph 1', 'Article 1(2)', BROKEN_XREF_TEXT])
    expect(texts(previewNodes(clause, () => undefined, () => undefined, 'un'), '.lp-xref')).toEqual(['paragraph 1', 'article 1, paragraph 2', BROKEN_XREF_TEXT])
    // paragraphs a clause inserts into an article cite each other as paragraphs of it
    const paragraphs = [...paragraph({ id: 'q1' }, 'x'), ...paragraph({ id: 'q2' }, 'see ', xref('q1'), ' and ', xref('q2'))]
    expect(texts(previewNodes(paragraphs, () => undefined), '.lp-xref')).toEqual(['paragraph 1', 'this paragraph'])
  })
})
