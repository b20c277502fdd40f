// Documents stored by the schema-1 editor (nested sub-paragraphs) are migrated to the flat levels
// of schema 2 before anyone syncs them, and nothing in them is lost.
//
// tests/fixtures/schema-v1/pacta.sqlite was written by the schema-1 code (SCHEMA_VERSION 1,
// commit c58312a): "doc-sample" is the sample treaty as a snapshot plus one logged update that
// typed "LOGGED " into sub-paragraph (a) of Article 2; "doc-edge" nests (i) under (a), has text
// after a list of (i)s and after a list of (a)s, a drafting note inside a paragraph,
// cross-references to an (ii) and a (b), and an annex with a sub-paragraph.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import type { Node } from 'prosemirror-model'
import { CONTENT_FRAGMENT, SCHEMA_VERSION, contentSchemaVersion, numberTreaty, schema, treatyShapeErrors, xrefText } from '../../editor/model/index.js'
import { createLogger } from '../../server/log.js'
import { start, type RunningServer } from '../../server/main.js'
import { contentOfUpdates } from '../../editor/model/content.js'
import { TestAccess, stockClient } from '../sync/peers.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/schema-v1/pacta.sqlite')

let server: RunningServer | null = null
let dir = ''
afterEach(async () => {
  await server?.stop()
  server = null
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A server on a copy of the schema-1 database; everyone in `users` may draft both documents. */
async function serveFixture(): Promise<{ server: RunningServer; syncUrl: string }> {
  dir = mkdtempSync(join(tmpdir(), 'pacta-v1-'))
  copyFileSync(FIXTURE, join(dir, 'pacta.sqlite'))
  const access = new TestAccess()
  for (const doc of ['doc-sample', 'doc-edge']) access.grant(doc, 'ann', 'drafter')
  server = await start({
    adminPassword: 'admin-password-for-tests', port: 0, host: '127.0.0.1', dataDir: dir,
    staticDir: join(dir, 'no-dist'), sqliteSynchronous: 'NORMAL', logLevel: 'warn',
  }, { access, log: createLogger('warn', () => {}), announce: () => {} })
  return { server, syncUrl: server.url.replace(/^http/, 'ws') + '/sync' }
}

/** The treaty a client sees after syncing `documentId`. */
async function clientView(syncUrl: string, documentId: string): Promise<{ doc: Node; ydoc: Y.Doc; destroy(): void }> {
  const client = stockClient(syncUrl, documentId, 'ann')
  await client.synced()
  return { doc: yXmlFragmentToProseMirrorRootNode(client.doc.getXmlFragment(CONTENT_FRAGMENT), schema), ydoc: client.doc, destroy: client.destroy }
}

/** Every paragraph block as "ref | level | continues | text". */
const units = (doc: Node): string[] => {
  const { byPos } = numberTreaty(doc)
  const out: string[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph') out.push(`${byPos.get(pos)?.ref ?? '-'} | ${node.attrs.level} | ${node.attrs.continues} | ${node.textContent}`)
    return !node.isTextblock
  })
  return out
}

describe('a document stored under schema 1', () => {
  it('reaches its first client flat, with every text, id, number and logged edit', async () => {
    const { syncUrl } = await serveFixture()
    const view = await clientView(syncUrl, 'doc-sample')
    try {
      expect(contentSchemaVersion(view.ydoc)).toBe(SCHEMA_VERSION)
      expect(treatyShapeErrors(view.doc)).toEqual([])
      const lines = units(view.doc)
      expect(lines).toContain('Article 2 | 0 | false | For the purposes of this Treaty:')
      expect(lines.find((l) => l.startsWith('Article 2(a) | 1 | false | LOGGED facilitator means'))).toBeDefined()
      expect(lines.find((l) => l.startsWith('Article 2(c) | 1 | false | authorised talks means'))).toBeDefined()
      const { byId } = numberTreaty(view.doc)
      expect(xrefText(numberTreaty(view.doc), 'sub-terms-b')).toBe('Article 2(b)')
      expect(byId.get('para-auth-2')?.ref).toBe('Article 3(2)')
      expect(view.doc.textContent).toContain('Check the interplay with the complementarity rule')
    } finally { view.destroy() }
  })

  it('keeps nesting as levels: (i) under (a), text after a list, notes beside the paragraph, references', async () => {
    const { syncUrl } = await serveFixture()
    const view = await clientView(syncUrl, 'doc-edge')
    try {
      expect(treatyShapeErrors(view.doc)).toEqual([])
      const lines = units(view.doc).map((l) => l.replace(/^(Article 1|Annex I)/, '$1'))
      expect(lines).toEqual([
        'Article 1(1) | 0 | false | Chapeau one:',
        'Article 1(1)(a) | 1 | false | alpha;',
        'Article 1(1)(a)(i) | 2 | false | first roman;',
        'Article 1(1)(a)(ii) | 2 | false | second roman;',
        '- | 1 | true | after romans;',
        'Article 1(1)(b) | 1 | false | beta.',
        '- | 0 | true | closing words of paragraph one.',
        'Article 1(2) | 0 | false | Second paragraph refers to  and .',
        'Annex I, paragraph 1 | 0 | false | Annex text',
        'Annex I, paragraph 1(a) | 1 | false | annex item',
      ])
      const article = view.doc.child(2)
      expect(article.type.name).toBe('article')
      expect(article.child(article.childCount - 2).type.name).toBe('drafting_note')
      const numbering = numberTreaty(view.doc)
      expect(xrefText(numbering, 'ss-ii')).toBe('Article 1(1)(a)(ii)')
      expect(xrefText(numbering, 's-b')).toBe('Article 1(1)(b)')
    } finally { view.destroy() }
  })

  it('is migrated once: the migration is stored before anyone syncs, and a restart finds schema 2', async () => {
    const first = await serveFixture()
    const view = await clientView(first.syncUrl, 'doc-sample')
    const seen = units(view.doc)
    view.destroy()
    const stored = await first.server.store.loadState('doc-sample', 'content')
    const replay = new Y.Doc()
    for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(replay, update)
    expect(contentSchemaVersion(replay)).toBe(SCHEMA_VERSION)
    // what is stored is what the client got: read without any migration
    expect(units(yXmlFragmentToProseMirrorRootNode(replay.getXmlFragment(CONTENT_FRAGMENT), schema))).toEqual(seen)
  })

  it('exports of a document nobody has opened read it migrated, and leave the store as it was', async () => {
    const { server: s } = await serveFixture()
    const before = await s.store.loadState('doc-edge', 'content')
    const content = contentOfUpdates([...(before.snapshot ? [before.snapshot] : []), ...before.updates])
    expect(units(content.doc)).toContain('Article 1(1)(a)(ii) | 2 | false | second roman;')
    const after = await s.store.loadState('doc-edge', 'content')
    expect(after.lastSeq).toBe(before.lastSeq)
    expect(after.updates.length).toBe(before.updates.length)
  })
})

describe('content that no editor of its schema could show', () => {
  it('is left out by the migration, which never fails and keeps everything else', async () => {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
    const el = (name: string, attrs: Record<string, string>, ...children: Array<Y.XmlElement | Y.XmlText>) => {
      const e = new Y.XmlElement(name)
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
      e.insert(0, children)
      return e
    }
    fragment.insert(0, [
      el('title', {}, new Y.XmlText('Treaty')),
      el('bracket', { id: 'b-1' }, new Y.XmlText('an element type this schema never had')),
      el('article', { id: 'art-1' }, el('heading', {}, new Y.XmlText('Kept')),
        el('paragraph', { id: 'p-1' }, el('prose', {}, new Y.XmlText('kept text')), el('widget', {}, new Y.XmlText('dropped')))),
    ])
    const { migrateContent } = await import('../../editor/model/migrate.js')
    expect(migrateContent(ydoc, null)).toBe(true)
    const doc = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
    expect(doc.textContent).toBe('TreatyKeptkept text')
    expect(contentSchemaVersion(ydoc)).toBe(SCHEMA_VERSION)
  })
})
