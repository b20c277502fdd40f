// The standalone HTML export: structure and numbers of the sample treaty, drafting notes, parameters, references,
// and every script-injection payload, wherever the document can hold it, written out as inert text.
import fc from 'fast-check'
import { JSDOM } from 'jsdom'
import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CITATION_STYLE_KEY, CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP, SAMPLE_PARAMETERS, sampleTreaty } from '../../editor/model/index.js'
import {
  annex, article, chapter, conclusion, doc, finalProvisions, heading, marked, note, param, paragraph, part, preamble, prose,
  recital, section, signature, subparagraph, subsubparagraph, term, title, xref,
} from '../../editor/model/build.js'
import { schema } from '../../editor/model/schema.js'
import { BROKEN_XREF_TEXT } from '../../editor/model/numbering.js'
import { escapeHtml, HTML_EXPORT_CSP, safeId, treatyToHtml } from '../../server/export/html.js'
import { contentOfYDoc, contentState } from '../../editor/model/content.js'
import { XSS_PAYLOADS } from '../fixtures/xss-payloads.js'
import { parseExport, unsafeFindings } from './inspect.js'

const AT = new Date('2025-01-02T03:04:05Z')
const render = (d: Node, params: Record<string, string> = {}, clean = true, t = 'Treaty') => treatyToHtml(d, params, { title: t, clean, exportedAt: AT })
const texts = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector)).map((el) => el.textContent ?? '')

describe('the HTML export of the sample treaty', () => {
  const html = render(sampleTreaty(), SAMPLE_PARAMETERS, true)
  const d = parseExport(html)

  it('is a complete HTML5 document that declares its own restrictive policy and has nothing that could run', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(d.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8')
    expect(d.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(HTML_EXPORT_CSP)
    expect(d.title).toBe('Model Treaty on the Protection and Facilitation of Peace Negotiations')
    expect(d.querySelector('h1.treaty-title')?.textContent).toBe(d.title)
    expect(d.querySelector('.export-meta')?.textContent).toBe('Clean draft · exported 2 January 2025')
    expect(unsafeFindings(d)).toEqual([])
  })

  it('numbers parts, articles (on through the final provisions), paragraphs, sub-paragraphs and annexes', () => {
    expect(texts(d, '.part-heading .num')).toEqual(['Part I', 'Part II'])
    expect(texts(d, '.part-heading .heading-text')).toEqual(['General provisions', 'Protection of negotiators and facilitators'])
    expect(texts(d, 'article > .article-heading .num')).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5', 'Article 6', 'Article 7'])
    expect(texts(d, 'article > .article-heading .heading-text').slice(0, 3)).toEqual(['Purpose', 'Use of terms', 'Authorisation of talks'])
    expect(texts(d, '#art-authorisation .paragraph > .num')).toEqual(['1.', '2.'])
    // a sole paragraph has no number
    expect(d.querySelector('#para-purpose-1')?.classList.contains('unnumbered')).toBe(true)
    expect(d.querySelector('#para-purpose-1 > .num')).toBeNull()
    expect(texts(d, '#para-terms-1 .subparagraph > .num')).toEqual(['(a)', '(b)', '(c)'])
    expect(texts(d, '.annex-heading .num')).toEqual(['Annex I'])
    expect(d.querySelector('.final-provisions > .final-provisions-heading')?.textContent).toBe('Final provisions')
    expect(d.querySelector('#art-depositary')?.closest('.final-provisions')).not.toBeNull()
  })

  it('has the preamble, the conclusion with its signature block, defined terms and marks', () => {
    expect(texts(d, '.preamble .recital')).toHaveLength(5)
    expect(d.querySelector('.conclusion')?.textContent).toContain('DONE at Geneva on [date], in a single original.')
    expect(texts(d, '.conclusion .signature p')).toEqual(['For the State of …', '(signature)'])
    expect(d.querySelector('#sig-1')?.classList.contains('signature')).toBe(true)
    expect(texts(d, 'dfn.term-defining')).toEqual(['facilitator', 'organized criminal group', 'authorised talks'])
    expect(d.querySelector('span.term[data-term="facilitator"]')?.textContent).toBe('facilitators')
  })

  it('links cross-references to their target with its current number', () => {
    const refs = Array.from(d.querySelectorAll('a.xref')).map((a) => [a.textContent, a.getAttribute('href')])
    expect(refs).toEqual([['Article 3', '#art-authorisation'], ['Article 3(1)', '#para-auth-1'], ['Article 3', '#art-authorisation']])
    for (const [, href] of refs) expect(d.getElementById(href!.slice(1))).not.toBeNull()
  })

  it('shows filled parameters with their value and unfilled ones as a visible [name] blank', () => {
    expect(d.querySelector('[data-parameter="depositary"]')?.textContent).toBe('the Secretary-General of the United Nations')
    expect(d.querySelector('[data-parameter="depositary"]')?.classList.contains('parameter-blank')).toBe(false)
    const blank = d.querySelector('[data-parameter="entry_into_force_count"]')!
    expect(blank.textContent).toBe('[entry_into_force_count]')
    expect(blank.classList.contains('parameter-blank')).toBe(true)
  })

  it('writes a date parameter as treaties do, as the editor shows it', () => {
    const dated = parseExport(render(sampleTreaty(), { ...SAMPLE_PARAMETERS, date: '2026-06-26' }))
    expect(dated.querySelector('[data-parameter="date"]')?.textContent).toBe('26 June 2026')
  })

  it('leaves drafting notes out of a clean export and marks them in the other', () => {
    const noteText = 'Check the interplay with the complementarity rule'
    expect(html).not.toContain(noteText)
    expect(d.querySelector('.drafting-note')).toBeNull()
    const withNotes = parseExport(render(sampleTreaty(), SAMPLE_PARAMETERS, false))
    expect(texts(withNotes, '.drafting-note')).toEqual([`Drafting note ${noteText} of Article 17 of the Rome Statute before the next reading.`])
    expect(withNotes.querySelector('#art-legal-safety .drafting-note')).not.toBeNull()
    expect(withNotes.querySelector('.export-meta')?.textContent).toContain('Draft with drafting notes')
  })
})

describe('numbers and edge cases', () => {
  it('numbers chapters, sections and (i) sub-paragraphs, and headings nest by depth', () => {
    const d = parseExport(render(doc(
      title('T'),
      part({ id: 'p1' }, heading('One'),
        chapter({ id: 'c1' }, heading('Ch'),
          section({ id: 's1' }, heading('Sec'),
            article({ id: 'a1' }, heading('A'),
              paragraph({ id: 'x1' }, 'Chapeau', subparagraph({ id: 'y1' }, 'first', subsubparagraph({ id: 'z1' }, 'i'), subsubparagraph({ id: 'z2' }, 'ii'))),
              paragraph({ id: 'x2' }, 'second'))),
          section({ id: 's2' }, heading('Sec 2')))),
      annex({ id: 'an1' }, heading('Annex'), paragraph({ id: 'ap1' }, 'annex text ', xref('z2'))),
    )))
    expect(texts(d, '.chapter-heading .num')).toEqual(['Chapter I'])
    expect(texts(d, '.section-heading .num')).toEqual(['Section 1', 'Section 2'])
    expect(texts(d, '#y1 .subsubparagraph > .num')).toEqual(['(i)', '(ii)'])
    expect(d.querySelector('#p1 > h2')).not.toBeNull()
    expect(d.querySelector('#c1 > h3')).not.toBeNull()
    expect(d.querySelector('#s1 > h4')).not.toBeNull()
    expect(d.querySelector('#a1 > h5')).not.toBeNull()
    // an annex's paragraphs are numbered on their own
    expect(texts(d, '#an1 .paragraph > .num')).toEqual(['1.'])
    expect(d.querySelector('#ap1 a.xref')?.textContent).toBe('Article 1(1)(a)(ii)')
  })

  it('nests the flat paragraph blocks by level, with the text closing a list inside the unit it closes', () => {
    const d = parseExport(render(doc(title('T'),
      article({ id: 'a1' }, heading('A'),
        paragraph({ id: 'x1' }, 'Chapeau:', subparagraph({ id: 'y1' }, 'first:', subsubparagraph({ id: 'z1' }, 'one')), subparagraph({ id: 'y2' }, 'second'), 'closing words.'),
        paragraph({ id: 'x2' }, 'see ', xref('x1'))),
    ), {}, false))
    const x1 = d.getElementById('x1')!
    expect(x1.classList.contains('paragraph')).toBe(true)
    expect(Array.from(x1.querySelector(':scope > .unit-body')!.children).map((el) => el.id || el.className))
      .toEqual(['', 'y1', 'y2', ''])
    expect(x1.querySelector(':scope > .unit-body > p:last-child')?.textContent).toBe('closing words.')
    expect(d.getElementById('z1')?.closest('.subparagraph')?.id).toBe('y1')
    expect(texts(d, '#a1 .paragraph > .num')).toEqual(['1.', '2.'])
    expect(texts(d, '#x1 .subparagraph > .num')).toEqual(['(a)', '(b)'])
  })

  it('keeps a note between two blocks of one unit inside it, and one between units between them', () => {
    const d = parseExport(render(doc(title('T'),
      article({ id: 'a1' }, heading('A'),
        paragraph({ id: 'x1' }, 'Chapeau:', subparagraph({ id: 'y1' }, 'first'), note('inside'), subparagraph({ id: 'y2' }, 'second')),
        note('between'),
        paragraph({ id: 'x2' }, 'two')),
    ), {}, false))
    const inside = Array.from(d.querySelectorAll('.drafting-note')).find((n) => n.textContent?.includes('inside'))!
    expect(inside.parentElement?.parentElement?.id).toBe('x1')
    expect(inside.previousElementSibling?.id).toBe('y1')
    const between = Array.from(d.querySelectorAll('.drafting-note')).find((n) => n.textContent?.includes('between'))!
    expect(between.parentElement?.id).toBe('a1')
    expect(between.previousElementSibling?.id).toBe('x1')
    expect(between.nextElementSibling?.id).toBe('x2')
  })

  it('hangs a (i) that directly follows a paragraph from an unnumbered sub-paragraph, and links a reference to closing text', () => {
    const closing = schema.nodes.paragraph.create({ id: 'c1', level: 0, continues: true }, schema.text('after the list'))
    const d = parseExport(render(doc(title('T'),
      article({ id: 'a1' }, heading('A'),
        paragraph({ id: 'x1' }, 'Chapeau:'),
        schema.nodes.paragraph.create({ id: 'z1', level: 2 }, schema.text('deep')),
        closing,
        paragraph({ id: 'x2' }, 'see ', xref('c1'))),
    )))
    const z1 = d.getElementById('z1')!
    expect(z1.querySelector(':scope > .num')?.textContent).toBe('(i)')
    const implied = z1.parentElement!.parentElement!
    expect(implied.classList.contains('subparagraph')).toBe(true)
    expect(implied.classList.contains('unnumbered')).toBe(true)
    expect(implied.closest('.paragraph')?.id).toBe('x1')
    // the closing text is cited as the paragraph it closes (from within its article), and the link lands on it
    const link = d.querySelector('#x2 a.xref')!
    expect(link.textContent).toBe('paragraph 1')
    expect(d.getElementById('c1')?.textContent).toBe('after the list')
    expect(d.getElementById('c1')?.closest('.paragraph')?.id).toBe('x1')
  })

  it('shows a reference whose target is gone as broken, with the missing id in its title', () => {
    const d = parseExport(render(doc(title('T'), article({ id: 'a' }, heading('A'), paragraph({ id: 'p' }, 'see ', xref('gone'), ' and ', xref(''))))))
    const broken = Array.from(d.querySelectorAll('.xref-broken'))
    expect(broken.map((b) => b.textContent)).toEqual([BROKEN_XREF_TEXT, BROKEN_XREF_TEXT])
    expect(broken[0]!.getAttribute('title')).toBe('The unit this reference pointed to (gone) no longer exists')
    expect(d.querySelectorAll('a.xref')).toHaveLength(0)
  })

  it('writes each id once, on the unit references resolve to, and treats empty values and inherited names as unfilled', () => {
    const html = render(doc(title(''),
      article({ id: 'dup' }, heading('A'), paragraph({ id: 'dup' }, 'x ', param('constructor'), param('__proto__'), param('empty'), param('spaces'), param(''))),
      article({ id: 'dup' }, heading('B'), paragraph('y ', xref('dup')))), { empty: '', spaces: '   ' }, true, 'List title')
    const d = parseExport(html)
    expect(d.querySelectorAll('#dup')).toHaveLength(1)
    expect(d.getElementById('dup')?.tagName).toBe('ARTICLE')
    expect(d.getElementById('dup')?.querySelector('.num')?.textContent).toBe('Article 1')
    expect(texts(d, '.parameter-blank')).toEqual(['[constructor]', '[__proto__]', '[empty]', '[spaces]', '[parameter]'])
    // an empty treaty title falls back to the list entry's title
    expect(d.title).toBe('List title')
  })

  it('renders nested marks in a fixed order', () => {
    const t = schema.text('both', [schema.marks.strong.create(), schema.marks.em.create(), schema.marks.term.create({ key: 'k' })])
    const html = render(doc(title('T'), article(heading('H'), paragraph(t, ' ', marked('underline', 'u')))))
    expect(html).toContain('<span class="term" data-term="k"><strong><em>both</em></strong></span> <u>u</u>')
  })
})

describe('escaping', () => {
  it('escapes markup and quote characters and replaces characters HTML forbids', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;')
    expect(escapeHtml('a\u0000b\u0007c\ud800d\r\n\te')).toBe('a\ufffdb\ufffdc\ufffdd\n\te')
    expect(escapeHtml('emoji 😀 stays')).toBe('emoji 😀 stays')
  })

  it('keeps ordinary ids, and maps any string to the safe charset without two ids meeting', () => {
    expect(safeId('art-purpose')).toBe('art-purpose')
    expect(safeId('a b')).toBe('a_20_b')
    expect(safeId('a_20_b')).toBe('a_5f_20_5f_b')
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      expect(safeId(a)).toMatch(/^[A-Za-z0-9_-]*$/)
      if (a !== b) expect(safeId(a)).not.toBe(safeId(b))
    }), { numRuns: 2000 })
  })

  it('any text, name, id, key or target yields only the exporter\'s own markup', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (s, u) => {
      const d = parseExport(render(doc(title(s), preamble(recital(s)),
        article({ id: s }, heading(s), paragraph({ id: u }, s, param(s), term(s || 'k', s || 'k'), xref(u), xref(s)), note(s))), { [s]: u }, false, s))
      expect(unsafeFindings(d)).toEqual([])
    }), { numRuns: 150 })
  })
})

/** A treaty with every payload in every place the schema lets a document put a string. */
function poisonedTreaty(): { doc: Node; params: Record<string, string> } {
  const params: Record<string, string> = {}
  const articles = XSS_PAYLOADS.map((payload, i) => {
    const name = `n${i}:${payload}`
    if (i % 2 === 0) params[name] = payload
    return article({ id: i % 2 ? payload : `art-${i}` },
      heading(payload),
      paragraph({ id: `p:${payload}` },
        `#${i} ${payload} `,
        schema.text(payload, [schema.marks.strong.create(), schema.marks.term.create({ key: payload, defining: i % 2 === 0 })]),
        ' ', param(name), ' ', xref(`p:${payload}`), ' ', xref(`missing:${payload}`)),
      note(`note ${i} ${payload}`))
  })
  return {
    doc: doc(
      title(XSS_PAYLOADS[0]!),
      preamble(...XSS_PAYLOADS.map((p) => recital(p))),
      part({ id: `part:${XSS_PAYLOADS[1]}` }, heading(XSS_PAYLOADS[2]!), ...articles),
      finalProvisions({ id: `fin:${XSS_PAYLOADS[3]}` }, heading(XSS_PAYLOADS[4]!)),
      conclusion(prose(XSS_PAYLOADS[5]!), signature({ id: `sig:${XSS_PAYLOADS[6]}` }, prose(XSS_PAYLOADS[7]!))),
      annex({ id: `annex:${XSS_PAYLOADS[8]}` }, heading(XSS_PAYLOADS[9]!), paragraph({ id: `ap:${XSS_PAYLOADS[10]}` }, XSS_PAYLOADS[11]!)),
    ),
    params,
  }
}

describe(`${XSS_PAYLOADS.length} script-injection payloads`, () => {
  const { doc: poisoned, params } = poisonedTreaty()
  const html = render(poisoned, params, false, XSS_PAYLOADS[12]!)
  const d = parseExport(html)

  it('in text, headings, ids, parameter names and values, reference targets, term keys and notes produce no executable markup', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50)
    expect(unsafeFindings(d)).toEqual([])
    for (const tag of ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'form', 'input', 'base', 'link', 'template', 'noscript', 'details', 'video', 'audio', 'marquee']) {
      expect(d.getElementsByTagName(tag), tag).toHaveLength(0)
    }
  })

  it('each payload appears as the text it is, in every place', () => {
    expect(d.title).toBe(XSS_PAYLOADS[0])
    XSS_PAYLOADS.forEach((payload, i) => {
      const articleEl = d.getElementById(safeId(i % 2 ? payload : `art-${i}`))
      expect(articleEl?.tagName, `article ${i}`).toBe('ARTICLE')
      expect(articleEl!.querySelector('.heading-text')?.textContent).toBe(payload)
      const para = d.getElementById(safeId(`p:${payload}`))!
      expect(para.closest('article')).toBe(articleEl)
      expect(para.textContent).toContain(`#${i} ${payload} `)
      const termEl = para.querySelector('.term')!
      expect(termEl.getAttribute('data-term')).toBe(payload)
      expect(termEl.textContent).toBe(payload)
      expect(termEl.tagName).toBe(i % 2 === 0 ? 'DFN' : 'SPAN')
      const paramEl = para.querySelector('.parameter')!
      expect(paramEl.getAttribute('data-parameter')).toBe(`n${i}:${payload}`)
      expect(paramEl.textContent).toBe(i % 2 === 0 ? payload : `[n${i}:${payload}]`)
      const link = para.querySelector('a.xref')!
      expect(link.getAttribute('href')).toBe(`#${safeId(`p:${payload}`)}`)
      // a reference from the article's sole paragraph to itself
      expect(link.textContent).toBe('this Article')
      expect(para.querySelector('.xref-broken')?.getAttribute('title')).toBe(`The unit this reference pointed to (missing:${payload}) no longer exists`)
      expect(articleEl!.querySelector('.drafting-note')?.textContent).toBe(`Drafting note note ${i} ${payload}`)
    })
    expect(texts(d, '.recital')).toEqual([...XSS_PAYLOADS])
    expect(d.querySelector('.part-heading .heading-text')?.textContent).toBe(XSS_PAYLOADS[2])
    expect(d.querySelector('.signature')?.textContent).toBe(XSS_PAYLOADS[7])
    expect(d.querySelector('.annex .paragraph .unit-body')?.textContent).toBe(XSS_PAYLOADS[11])
    for (const [id, cls] of [[`part:${XSS_PAYLOADS[1]}`, 'part'], [`fin:${XSS_PAYLOADS[3]}`, 'final-provisions'], [`sig:${XSS_PAYLOADS[6]}`, 'signature'], [`annex:${XSS_PAYLOADS[8]}`, 'annex'], [`ap:${XSS_PAYLOADS[10]}`, 'paragraph']] as const) {
      expect(d.getElementById(safeId(id))?.classList.contains(cls), id).toBe(true)
    }
  })

  it('run nothing even in a DOM that would run scripts', async () => {
    const dom = new JSDOM(html, { runScripts: 'dangerously', beforeParse(window) {
      const w = window as unknown as Record<string, unknown>
      w.__pwned = 0
      w.__pwn = () => { w.__pwned = (w.__pwned as number) + 1 }
      for (const name of ['alert', 'confirm', 'prompt']) w[name] = () => { w.__pwned = (w.__pwned as number) + 1 }
    } })
    // fire the events inline handlers would listen to
    for (const el of Array.from(dom.window.document.querySelectorAll('*'))) {
      for (const type of ['click', 'mouseover', 'focus', 'error', 'load', 'toggle']) el.dispatchEvent(new dom.window.Event(type))
    }
    await new Promise((r) => setTimeout(r, 20))
    expect((dom.window as unknown as { __pwned: number }).__pwned).toBe(0)
    dom.window.close()
  })

  it('written as raw Yjs elements, with nodes, marks and attributes the schema does not know, export inert and leave the Y.Doc as it was', () => {
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, contentState(sampleTreaty(), SAMPLE_PARAMETERS))
    const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
    const parameters = ydoc.getMap<unknown>(PARAMETERS_MAP)
    ydoc.transact(() => {
      const art = new Y.XmlElement('article')
      art.setAttribute('id', XSS_PAYLOADS[2]!)
      art.setAttribute('onclick', XSS_PAYLOADS[3]!)
      art.setAttribute('clause', JSON.stringify({ id: XSS_PAYLOADS[0], version: 1, variant: XSS_PAYLOADS[1], parameters: {} }))
      XSS_PAYLOADS.forEach((payload, i) => {
        const para = new Y.XmlElement('paragraph')
        para.setAttribute('id', i % 2 ? payload : `p-xss-${i}`)
        para.setAttribute('style', XSS_PAYLOADS[28]!)
        // a level and a continuation flag that are not what the schema writes
        para.setAttribute('level', i % 3 === 0 ? payload : String(i % 4))
        if (i % 5 === 0) para.setAttribute('continues', payload)
        const text = new Y.XmlText()
        text.insert(0, `#${i} ${payload} `)
        text.insert(text.length, payload, { strong: {}, term: { key: payload, defining: i % 2 === 0 } })
        const parameter = new Y.XmlElement('parameter')
        parameter.setAttribute('name', payload)
        const ref = new Y.XmlElement('xref')
        ref.setAttribute('target', payload)
        para.insert(0, [text, parameter, ref])
        art.insert(art.length, [para])
        parameters.set(payload, i % 4 === 0 ? { html: payload } : payload)
      })
      const unknownNode = new Y.XmlElement('script')
      unknownNode.insert(0, [new Y.XmlText(XSS_PAYLOADS[0]!)])
      const linked = new Y.XmlText()
      linked.insert(0, 'linked text', { link: { href: XSS_PAYLOADS[6] } })
      const img = new Y.XmlElement('img')
      img.setAttribute('onerror', '__pwn(99)')
      const para = new Y.XmlElement('paragraph')
      para.insert(0, [linked, img, unknownNode])
      art.insert(art.length, [para])
      // a paragraph in the shape of schema 1 (text inside a prose block) in content marked as schema 2
      const stale = new Y.XmlElement('paragraph')
      const pr = new Y.XmlElement('prose')
      pr.insert(0, [new Y.XmlText(XSS_PAYLOADS[5]!)])
      stale.insert(0, [pr])
      art.insert(art.length, [stale])
      fragment.insert(fragment.length, [art])
    })
    const before = Y.encodeStateAsUpdate(ydoc)
    const content = contentOfYDoc(ydoc)
    // the converter drops what it cannot build from its private copy only
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before)
    expect(fragment.toString()).toContain('<script>')

    const out = parseExport(treatyToHtml(content.doc, content.parameters, { title: XSS_PAYLOADS[0]!, clean: false }))
    expect(unsafeFindings(out)).toEqual([])
    const text = out.body.textContent ?? ''
    XSS_PAYLOADS.forEach((payload, i) => expect(text).toContain(`#${i} ${payload} `))
    // values that are not strings are unfilled; the others are shown as text
    expect(out.querySelectorAll('.parameter-blank').length).toBeGreaterThanOrEqual(XSS_PAYLOADS.length / 4)
    expect(texts(out, '.parameter:not(.parameter-blank)')).toContain(XSS_PAYLOADS[1])
    expect(out.body.innerHTML).not.toContain('linked text')
  })
})

describe('the document\'s citation style', () => {
  /** Article 2 cites its own paragraphs and those of article 1. */
  const cross = () => doc(title('T'),
    article({ id: 'a1' }, heading('One'), paragraph({ id: 'a1p1' }, 'x', subparagraph({ id: 'a1p1a' }, 'y')), paragraph({ id: 'a1p2' }, 'z')),
    article({ id: 'a2' }, heading('Two'), paragraph({ id: 'a2p1' }, 'w'), paragraph({ id: 'a2p2' }, 'w'),
      paragraph({ id: 'a2p3' }, 'Under ', xref('a2p1'), ' and ', xref('a2p2'), ', and ', xref('a1p1a'), '; ', xref('a1p1'), ' and ', xref('a1p2'), '.')))
  const links = (html: string) => texts(parseExport(html), '#a2p3 a.xref')

  it('writes references within an article as "paragraph 1", and from elsewhere in the compact style by default', () => {
    expect(links(render(cross()))).toEqual(['paragraphs 1', '2', 'Article 1(1)(a)', 'Article 1(1)', '(2)'])
    expect(parseExport(render(cross())).getElementById('a2p3')?.textContent).toContain('Under paragraphs 1 and 2, and Article 1(1)(a); Article 1(1) and (2).')
  })

  it('writes them in the United Nations style when the document chose it, read from the shared document', () => {
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, contentState(cross()))
    ydoc.getMap(META_MAP).set(CITATION_STYLE_KEY, 'un')
    const content = contentOfYDoc(ydoc)
    expect(content.citationStyle).toBe('un')
    const html = treatyToHtml(content.doc, content.parameters, { title: 'T', clean: true, citationStyle: content.citationStyle })
    expect(parseExport(html).getElementById('a2p3')?.textContent).toContain('Under paragraphs 1 and 2, and article 1, paragraph 1 (a); article 1, paragraphs 1 and 2.')
    ydoc.getMap(META_MAP).set(CITATION_STYLE_KEY, 'no such style')
    expect(contentOfYDoc(ydoc).citationStyle).toBe('compact')
  })
})
