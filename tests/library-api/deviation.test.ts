// Clause drift: text from the library compares equal to a fresh instantiation (ids ignored),
// an edit or a moved reference is detected and shown word by word, a newer library version is
// announced, and updating keeps the parameter values, the article id and the paragraph ids.
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { schema } from '../../editor/model/schema.js'
import { instantiateClause, readProvenance, addProvenance } from '../../editor/model/clauses/index.js'
import { articleDeviations } from '../../editor/model/clauses/deviation-status.js'
import { clauseText, deviationDiff, wordDiff } from '../../editor/model/clauses/deviation-diff.js'
import { updateClauseArticle } from '../../editor/model/clauses/deviation-update.js'
import { makeClause } from './helpers.js'

const lookup = (...clauses: ReturnType<typeof makeClause>[]) => (id: string) => clauses.find((c) => c.id === id)

/** Replaces the first occurrence of `from` in the article's text with `to`. */
function editText(article: Node, from: string, to: string): Node {
  let done = false
  const walk = (node: Node): Node => {
    if (node.isText) {
      if (!done && node.text!.includes(from)) { done = true; return schema.text(node.text!.replace(from, to), node.marks) }
      return node
    }
    const children: Node[] = []
    node.forEach((c) => children.push(walk(c)))
    return node.type.create(node.attrs, children, node.marks)
  }
  const out = walk(article)
  if (!done) throw new Error(`no "${from}" in the article`)
  return out
}

const unitIds = (n: Node) => {
  const out: string[] = []
  n.descendants((c) => { if (c.type.name === 'paragraph') out.push(String(c.attrs.id)); return true })
  return out
}

describe('an article clause', () => {
  const v1 = makeClause()
  const article = instantiateClause(v1, { values: { party_a: 'the Government' } }).nodes[0]!

  it('is unchanged right after insertion, though a fresh instantiation has other ids', () => {
    const [d] = articleDeviations(article, lookup(v1))
    expect(d).toMatchObject({ status: 'unchanged', differs: false, libraryVersion: 1 })
  })

  it('is modified after an edit, and the diff shows the changed words', () => {
    const edited = editText(article, 'good faith', 'bad faith')
    const [d] = articleDeviations(edited, lookup(v1))
    expect(d).toMatchObject({ status: 'modified', differs: true })
    const { diff } = deviationDiff(edited, 0, v1, (name) => (name === 'party_a' ? 'the Government' : undefined))
    expect(diff.filter((p) => p.op !== 'same')).toEqual([{ op: 'del', text: 'bad' }, { op: 'add', text: 'good' }])
    expect(diff.map((p) => p.text).join('')).toContain('the Government shall act in')
  })

  it('is modified when a footnote is added or its text edited, and the diff shows the footnote\'s words', () => {
    const withNote = (text: string) => {
      const walk = (node: Node): Node => {
        if (node.type.name === 'paragraph' && node.textContent.includes('good faith')) return node.copy(node.content.addToEnd(schema.nodes.footnote.create({ id: 'fn-x' }, schema.text(text))))
        if (node.isText || node.isLeaf) return node
        const children: Node[] = []
        node.forEach((c) => children.push(walk(c)))
        return node.type.create(node.attrs, children, node.marks)
      }
      return walk(article)
    }
    const noted = withNote('Good faith as in article 26 of the Vienna Convention.')
    expect(articleDeviations(noted, lookup(v1))[0]).toMatchObject({ status: 'modified', differs: true })
    const { current, diff } = deviationDiff(noted, 0, v1)
    expect(current).toContain('[footnote: Good faith as in article 26 of the Vienna Convention.]')
    expect(diff.filter((p) => p.op === 'del').map((p) => p.text).join('')).toContain('Vienna Convention')
    // a footnote whose text alone changed is drift too, and the diff names the changed words
    const edited = deviationDiff(editText(noted, 'article 26', 'article 31'), 0, v1).current
    expect(edited).toContain('article 31 of the Vienna Convention')
  })

  it('is modified when a reference inside the clause points elsewhere', () => {
    // paragraph 2 refers to paragraph 1; point it at paragraph 2 itself
    const [, p2] = unitIds(article)
    const retarget = (node: Node): Node => {
      if (node.type.name === 'xref') return schema.nodes.xref.create({ target: p2 })
      if (node.isText) return node
      const children: Node[] = []
      node.forEach((c) => children.push(retarget(c)))
      return node.type.create(node.attrs, children, node.marks)
    }
    expect(articleDeviations(retarget(article), lookup(v1))[0]!.status).toBe('modified')
  })

  it('says a newer version exists, and the update keeps the values, the article id and the paragraph ids', () => {
    const v2 = makeClause({ version: 2, body: '### Heading\n\n1. {{party_a}} shall act in good faith and without delay.\n2. As provided in {{ref:1}}:\n   (a) first;\n   (b) second;\n   (c) third.\n' })
    const [d] = articleDeviations(article, lookup(v2))
    expect(d).toMatchObject({ status: 'outdated', differs: true, libraryVersion: 2 })
    const { diff, library } = deviationDiff(article, 0, v2)
    // punctuation marks are words of their own: the full stops after "faith" and "second" are kept
    expect(diff.filter((p) => p.op === 'add').map((p) => p.text)).toEqual(['and without delay', ';\n(c) third'])
    expect(diff.filter((p) => p.op === 'del')).toEqual([])
    expect(diff.map((p) => p.text).join('')).toBe(library)

    const updated = updateClauseArticle(article, 0, v2)
    const [record] = readProvenance(updated.attrs.clause)
    expect(record).toMatchObject({ id: 'test-clause', version: 2, variant: 'standard', parameters: { party_a: 'the Government' } })
    expect(updated.attrs.id).toBe(article.attrs.id)
    const before = unitIds(article)
    const after = unitIds(updated)
    expect(after.length).toBe(before.length + 1)
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2))
    expect(updated.textContent).toContain('without delay')
    expect(articleDeviations(updated, lookup(v2))[0]!.status).toBe('unchanged')
    // the reference inside the clause still points at paragraph 1, by its kept id
    let target = ''
    updated.descendants((n) => { if (n.type.name === 'xref') target = String(n.attrs.target); return true })
    expect(target).toBe(before[0])
  })

  it('restores the library text of an edited clause at the same version', () => {
    const edited = editText(article, 'good faith', 'bad faith')
    const restored = updateClauseArticle(edited, 0, v1)
    expect(articleDeviations(restored, lookup(v1))[0]!.status).toBe('unchanged')
  })

  it('reports a clause the library does not hold', () => {
    expect(articleDeviations(article, () => undefined)[0]!.status).toBe('unknown-clause')
  })
})

describe('a paragraph clause inside an article', () => {
  const para = makeClause({ id: 'para-clause', inserts: 'paragraphs', parameters: [], body: '1. The parties shall meet monthly.\n2. Minutes are kept.\n' })
  const instance = instantiateClause(para)
  const own = schema.nodes.paragraph.create({ id: 'para-own' }, schema.text('Own text of the drafters.'))
  const article = schema.nodes.article.create({ id: 'art-x', clause: addProvenance(null, instance.provenance) },
    [schema.nodes.heading.create(null, schema.text('Meetings')), own, ...instance.nodes])

  it('compares only the inserted paragraphs, by their ids', () => {
    expect(articleDeviations(article, lookup(para))[0]!.status).toBe('unchanged')
    const edited = editText(article, 'monthly', 'weekly')
    expect(articleDeviations(edited, lookup(para))[0]!.status).toBe('modified')
    // the drafters' own paragraph may change freely
    expect(articleDeviations(editText(article, 'Own text', 'Other text'), lookup(para))[0]!.status).toBe('unchanged')
  })

  it('notices deleted paragraphs and puts them back on update, keeping the rest of the article', () => {
    const children: Node[] = []
    article.forEach((c) => { if (!instance.provenance.paragraphs!.includes(String(c.attrs.id))) children.push(c) })
    const cut = article.type.create(article.attrs, children)
    expect(articleDeviations(cut, lookup(para))[0]!.status).toBe('missing-text')
    const repaired = updateClauseArticle(cut, 0, para)
    expect(repaired.textContent).toContain('Own text of the drafters.')
    expect(repaired.textContent).toContain('The parties shall meet monthly.')
    expect(articleDeviations(repaired, lookup(para))[0]!.status).toBe('unchanged')
  })
})

describe('a paragraph clause with sub-paragraphs, stored as flat blocks', () => {
  const list = makeClause({ id: 'list-clause', inserts: 'paragraphs', parameters: [], body: '1. The parties shall:\n   (a) meet monthly;\n   (b) keep minutes.\n\n   Minutes are public.\n2. Costs are shared.\n' })
  const instance = instantiateClause(list)
  const own = schema.nodes.paragraph.create({ id: 'para-own' }, schema.text('Own text of the drafters.'))
  const article = schema.nodes.article.create({ id: 'art-x', clause: addProvenance(null, instance.provenance) },
    [schema.nodes.heading.create(null, schema.text('Meetings')), ...instance.nodes, own])
  const blocks = (a: Node) => { const out: Node[] = []; a.forEach((c) => { if (c.type.name === 'paragraph') out.push(c) }); return out }
  /** The article with `block` inserted after its child at `index` (counting the heading). */
  const insertAfter = (a: Node, index: number, block: Node) => {
    const children: Node[] = []
    a.forEach((c, _o, i) => { children.push(c); if (i === index) children.push(block) })
    return a.type.create(a.attrs, children)
  }
  /** The article with the attributes of its child at `index` changed. */
  const withAttrs = (a: Node, index: number, attrs: Record<string, unknown>) => {
    const children: Node[] = []
    a.forEach((c, _o, i) => children.push(i === index ? c.type.create({ ...c.attrs, ...attrs }, c.content) : c))
    return a.type.create(a.attrs, children)
  }

  it('numbers its text locally from the levels, the closing text unnumbered', () => {
    expect(clauseText(instance.nodes)).toBe('1. The parties shall:\n(a) meet monthly;\n(b) keep minutes.\nMinutes are public.\n2. Costs are shared.')
  })

  it('is unchanged as inserted, and modified when a block changes level or a sub-paragraph is added under it', () => {
    expect(articleDeviations(article, lookup(list))[0]!.status).toBe('unchanged')
    // (b) indented to (i)
    expect(articleDeviations(withAttrs(article, 3, { level: 2 }), lookup(list))[0]!.status).toBe('modified')
    // the closing text turned into a numbered paragraph
    expect(articleDeviations(withAttrs(article, 4, { continues: false }), lookup(list))[0]!.status).toBe('modified')
    // a new (c) after (b), with an id the record does not list, still belongs to paragraph 1
    const added = insertAfter(article, 3, schema.nodes.paragraph.create({ id: 'para-new', level: 1 }, schema.text('publish them.')))
    expect(articleDeviations(added, lookup(list))[0]!.status).toBe('modified')
    expect(deviationDiff(added, 0, list).current).toContain('(c) publish them.')
    // a paragraph "1." of the drafters' own after the clause is not the clause's
    const mine = insertAfter(article, 5, schema.nodes.paragraph.create({ id: 'para-new' }, schema.text('Another one.')))
    expect(articleDeviations(mine, lookup(list))[0]!.status).toBe('unchanged')
  })

  it('on update, rebuilds every block, keeps the ids level by level and lists them all in the record', () => {
    const added = insertAfter(editText(article, 'monthly', 'weekly'), 3, schema.nodes.paragraph.create({ id: 'para-new', level: 1 }, schema.text('publish them.')))
    const restored = updateClauseArticle(added, 0, list)
    expect(articleDeviations(restored, lookup(list))[0]!.status).toBe('unchanged')
    const ids = blocks(restored).map((b) => String(b.attrs.id))
    expect(ids).toEqual([...instance.provenance.paragraphs!, 'para-own'])
    expect(readProvenance(restored.attrs.clause)[0]!.paragraphs).toEqual(instance.provenance.paragraphs)
    expect(restored.textContent).not.toContain('publish them.')
    expect(blocks(restored).map((b) => [b.attrs.level, b.attrs.continues])).toEqual([[0, false], [1, false], [1, false], [0, true], [0, false], [0, false]])
  })

  it('in an article clause, leaves the blocks under another clause\'s paragraph to that clause', () => {
    const host = instantiateClause(makeClause(), { values: { party_a: 'the Government' } }).nodes[0]!
    const children: Node[] = []
    host.forEach((c) => children.push(c))
    const extra = schema.nodes.paragraph.create({ id: 'para-new', level: 1 }, schema.text('publish them.'))
    const mixed = host.type.create({ ...host.attrs, clause: addProvenance(host.attrs.clause, instance.provenance) }, [...children, ...instance.nodes, extra])
    const [ofHost, ofList] = articleDeviations(mixed, lookup(makeClause(), list))
    expect(ofHost!.status).toBe('unchanged')
    expect(ofList!.status).toBe('modified')
  })
})

describe('the word diff', () => {
  it('keeps common words and marks only what changed', () => {
    expect(wordDiff('a b c d', 'a x c d')).toEqual([{ op: 'same', text: 'a ' }, { op: 'del', text: 'b' }, { op: 'add', text: 'x' }, { op: 'same', text: ' c d' }])
    expect(wordDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }])
    expect(wordDiff('', 'new words')).toEqual([{ op: 'add', text: 'new words' }])
  })

  it('reads as the library text once deletions are left out', () => {
    const document = 'The Parties shall meet monthly.\n(a) in Geneva;\n(b) in private.'
    const library = 'The Parties shall meet every month.\n(a) in Geneva or Vienna;\n(b) in private.'
    const diff = wordDiff(document, library)
    expect(diff.filter((p) => p.op !== 'del').map((p) => p.text).join('')).toBe(library)
    // whitespace goes with the words beside it, and where both texts have it the library's is kept
    expect(diff.filter((p) => p.op !== 'same')).toEqual([
      { op: 'del', text: 'monthly' }, { op: 'add', text: 'every month' }, { op: 'add', text: 'or Vienna' },
    ])
  })

  it('compares words, not letters, in scripts other than the Latin', () => {
    expect(wordDiff('Стороны действуют добросовестно.', 'Стороны действуют незамедлительно.')).toEqual([
      { op: 'same', text: 'Стороны действуют ' }, { op: 'del', text: 'добросовестно' }, { op: 'add', text: 'незамедлительно' }, { op: 'same', text: '.' },
    ])
  })

  it('shows two unrelated long texts as one replaced by the other', () => {
    const words = (prefix: string) => Array.from({ length: 1_100 }, (_, i) => `${prefix}${i}`).join(' ')
    expect(wordDiff(words('old'), words('new'))).toEqual([{ op: 'del', text: words('old') }, { op: 'add', text: words('new') }])
  })
})
