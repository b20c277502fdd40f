// Brings a document's content Y.Doc written for an older schema up to the current one.
//
// Content carries the schema version it was written for (the `meta` map, see ydoc.ts; none
// means version 1). An editor of another version is refused at the door (close code 4426), so
// only the server ever meets old content, and it migrates it before anyone syncs it: the room
// stores the migration before it serves the document, and exporters migrate their own copy.
//
// Old content is read from the Yjs tree itself, never through the current schema: y-prosemirror
// deletes every element it cannot build, so reading version-1 content with the version-2 schema
// would drop every sub-paragraph.
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { SCHEMA_VERSION, schema } from './schema.js'
import { CONTENT_FRAGMENT, META_MAP, SCHEMA_KEY } from './ydoc.js'
import { markWrittenOutsideEditors } from './carried-text.js'
import { newId } from './ids.js'

/** A ProseMirror node as JSON, schema-free. */
interface NodeJson {
  type: string
  attrs?: Record<string, unknown>
  content?: NodeJson[]
  text?: string
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>
}

/** Content that cannot be migrated; the stored state is left as it was. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationError'
  }
}

/** The schema version `ydoc`'s content was written for. */
export function contentSchemaVersion(ydoc: Y.Doc): number {
  const version = ydoc.getMap<unknown>(META_MAP).get(SCHEMA_KEY)
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1
}

/** Records in `ydoc` that its content is written for the current schema (new documents). */
export function markCurrentSchema(ydoc: Y.Doc): void {
  ydoc.getMap<unknown>(META_MAP).set(SCHEMA_KEY, SCHEMA_VERSION)
}

/**
 * Migrates `ydoc`'s content to the current schema in one transaction with `origin`; returns
 * whether anything changed. Throws MigrationError, changing nothing, when the content is of a
 * newer schema than this code knows.
 */
export function migrateContent(ydoc: Y.Doc, origin: unknown): boolean {
  const version = contentSchemaVersion(ydoc)
  if (version === SCHEMA_VERSION) return false
  if (version > SCHEMA_VERSION) throw new MigrationError(`content is of schema ${version}, newer than this server's ${SCHEMA_VERSION}`)
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const read: NodeJson = { type: 'doc', content: fragment.toArray().map(readYNode) }
  let json = read
  for (let v = version; v < SCHEMA_VERSION; v++) json = STEPS[v]!(json)
  // steps that add to the schema change no content: the text stays where it is (and comments
  // anchored in it stay anchored), only the version is recorded
  if (json === read) {
    ydoc.transact(() => markCurrentSchema(ydoc), origin)
    return true
  }
  // what an editor of that schema could not have shown either (an unknown node, a node where it
  // may not stand) is left out, as the binding would have deleted it: a document always loads
  const doc = buildLeniently(json)
  ydoc.transact(() => {
    fragment.delete(0, fragment.length)
    prosemirrorToYXmlFragment(doc, fragment)
    markCurrentSchema(ydoc)
    markWrittenOutsideEditors(ydoc)
  }, origin)
  return true
}

/** `json` as a treaty: nodes and marks the schema does not know, or that may not stand where they are, are left out. */
function buildLeniently(json: NodeJson): Node {
  const build = (node: NodeJson): Node | null => {
    if (node.type === 'text') {
      if (!node.text) return null
      const marks = (node.marks ?? []).flatMap((m) => {
        const type = schema.marks[m.type]
        return type ? [type.create(m.attrs ?? {})] : []
      })
      return schema.text(node.text, marks)
    }
    const type = schema.nodes[node.type]
    if (!type) return null
    const children = (node.content ?? []).map(build).filter((c): c is Node => c !== null)
    try {
      return type.createChecked(node.attrs ?? {}, children)
    } catch {
      // keep the children that may stand here, in order
      const fitting: Node[] = []
      for (const child of children) {
        try { type.createChecked(node.attrs ?? {}, [...fitting, child]); fitting.push(child) } catch { /* left out */ }
      }
      try { return type.createChecked(node.attrs ?? {}, fitting) } catch { return null }
    }
  }
  return build(json) ?? schema.nodes.doc.create()
}

/** One node of the shared tree as schema-free JSON (the layout y-prosemirror writes). */
function readYNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): NodeJson {
  if (node instanceof Y.XmlElement) {
    const attrs = node.getAttributes() as Record<string, unknown>
    const content: NodeJson[] = []
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) content.push(...readText(child))
      else content.push(readYNode(child))
    }
    return { type: node.nodeName, attrs, content }
  }
  if (node instanceof Y.XmlText) return { type: 'text', text: node.toString() }
  throw new MigrationError('unexpected hook in the content')
}

/** The text nodes of a Y.XmlText: one per run of equal formatting, its marks from the run's attributes. */
function readText(text: Y.XmlText): NodeJson[] {
  const out: NodeJson[] = []
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string' || op.insert === '') continue
    // y-prosemirror names a mark by its type, or "type--hash" when one type occurs twice
    const marks = Object.entries(op.attributes ?? {}).map(([key, attrs]) => ({
      type: key.split('--')[0]!,
      attrs: (attrs ?? {}) as Record<string, unknown>,
    }))
    out.push({ type: 'text', text: op.insert, ...(marks.length ? { marks } : {}) })
  }
  return out
}

/** Schema 1 → 2: nested paragraph, subparagraph and subsubparagraph containers become flat blocks with a level. */
function flattenLevels(doc: NodeJson): NodeJson {
  const LEVELS: Record<string, number> = { paragraph: 0, subparagraph: 1, subsubparagraph: 2 }
  const flattenUnit = (unit: NodeJson, level: number, notes: NodeJson[]): NodeJson[] => {
    const id = typeof unit.attrs?.id === 'string' ? unit.attrs.id : ''
    const own: NodeJson = { type: 'paragraph', attrs: { id, level, continues: false }, content: [] }
    const out: NodeJson[] = [own]
    let ownFilled = false
    for (const child of unit.content ?? []) {
      if (child.type === 'prose') {
        if (!ownFilled && out.length === 1) { own.content = child.content ?? []; ownFilled = true }
        // text after the unit's own list (or a second run of text) continues the unit
        else out.push({ type: 'paragraph', attrs: { id: newId('paragraph'), level, continues: true }, content: child.content ?? [] })
      } else if (child.type in LEVELS) out.push(...flattenUnit(child, Math.min(2, level + 1), notes))
      else if (child.type === 'drafting_note') notes.push(child)
      else if (child.type === 'text' || child.type === 'parameter' || child.type === 'xref' || child.type === 'hard_break') {
        own.content = [...(own.content ?? []), child]
      }
    }
    return out
  }
  const walk = (node: NodeJson): NodeJson => {
    if (!node.content) return node
    const content: NodeJson[] = []
    for (const child of node.content) {
      if (child.type in LEVELS) {
        const notes: NodeJson[] = []
        content.push(...flattenUnit(child, LEVELS[child.type]!, notes), ...notes)
      } else content.push(walk(child))
    }
    return { ...node, content }
  }
  return walk(doc)
}

/** Schema 2 → 3: footnotes were added; content of schema 2 holds none, so nothing changes. */
const addFootnotes = (doc: NodeJson): NodeJson => doc

/** The migration from version `v` to `v + 1`, by `v`. */
const STEPS: Record<number, (doc: NodeJson) => NodeJson> = { 1: flattenLevels, 2: addFootnotes }
