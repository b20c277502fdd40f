// Records for everyone the paragraphs this editor joins into another block (model/joins.ts), so a
// collaborator who typed into one of them meanwhile knows where its text went.
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { NO_JOINS, joinsMade, type JoinsMade } from '../model/joins.js'
import { MOVE_META } from '../model/moves.js'
import { normalizeKey } from './normalize.js'

/** Key of the join-recording plugin; its state is what the last of this editor's edits that joined or removed a paragraph did. */
export const joinRecordsKey = new PluginKey<JoinsMade>('joinRecords')

/**
 * The join-recording plugin, over the content Y.Doc's record map (ydoc.ts JOINS_MAP). The records
 * of a change go into the Yjs transaction in which the binding writes the change, so they reach
 * every collaborator in the same update as the join, whatever order updates arrive in; the plugin
 * must therefore come before y-prosemirror's sync plugin, whose view writes the change. Only this
 * editor's own edits are read (a change from elsewhere carries its own records; a moved article
 * keeps its paragraphs, and a repair joins nothing a drafter meant).
 */
export function joinRecordsPlugin(records: Y.Map<string>): Plugin<JoinsMade> {
  const own = (tr: Transaction): boolean =>
    tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined && tr.getMeta(MOVE_META) === undefined && tr.getMeta(normalizeKey) === undefined
  return new Plugin<JoinsMade>({
    key: joinRecordsKey,
    state: {
      init: () => NO_JOINS,
      // (kept until the next edit that joins or removes one: the view records each once)
      apply: (tr, current) => {
        const made = own(tr) ? joinsMade(tr) : NO_JOINS
        return made === NO_JOINS ? current : made
      },
    },
    view: (view) => {
      let seen = joinRecordsKey.getState(view.state)
      let waiting: JoinsMade[] = []
      const doc = records.doc
      const recordWithBinding = (tr: Y.Transaction) => {
        if (waiting.length === 0 || !tr.local || tr.origin !== ySyncPluginKey) return
        const made = waiting
        waiting = []
        for (const { joined, removed } of made) {
          for (const [id, home] of joined) records.set(id, home)
          for (const id of removed) if (records.has(id)) records.delete(id)
        }
      }
      doc?.on('beforeTransaction', recordWithBinding)
      return {
        update: () => {
          const made = joinRecordsKey.getState(view.state)
          if (!made || made === seen) return
          seen = made
          waiting.push(made)
        },
        destroy: () => doc?.off('beforeTransaction', recordWithBinding),
      }
    },
  })
}
