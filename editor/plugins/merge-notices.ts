// Marks text that simultaneous edits may have doubled, so drafters see it and decide.
//
// y-prosemirror has no move, so a paragraph split by one drafter while another joins it to the
// paragraph before (or joined by two drafters at once) can come out with some text written twice
// (see doubledParagraphs). No automatic fix is safe: two editors removing "the" copy at once
// would remove both. The place is marked instead, with a notice the drafter dismisses once they
// have looked; a notice also goes when the drafter edits the paragraph.
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'
import { doubledParagraphs } from '../model/rescue.js'
import { changeOf } from './text-edit.js'

/** Key of the merge-notice plugin. */
export const mergeNoticesKey = new PluginKey<DecorationSet>('mergeNotices')

/** What a notice says. */
export const MERGE_NOTICE_TEXT = 'Simultaneous edits may have doubled text here — please check.'

/** Meta: dismiss the notice on the paragraph at this position. */
type NoticeAction = { dismiss: number }

function notice(pos: number, node: Node): Decoration[] {
  return [
    Decoration.node(pos, pos + node.nodeSize, { class: 'merge-doubt' }, { notice: true }),
    Decoration.widget(pos + 1, (view, getPos) => {
      const el = document.createElement('button')
      el.type = 'button'
      el.className = 'merge-notice'
      el.contentEditable = 'false'
      el.textContent = '⚠'
      el.title = `${MERGE_NOTICE_TEXT} Click to dismiss.`
      el.setAttribute('aria-label', MERGE_NOTICE_TEXT)
      el.addEventListener('mousedown', (e) => e.preventDefault())
      el.addEventListener('click', () => {
        const at = getPos()
        if (at !== undefined) view.dispatch(view.state.tr.setMeta(mergeNoticesKey, { dismiss: at - 1 } satisfies NoticeAction))
      })
      return el
    }, { side: -1, ignoreSelection: true, key: `merge-notice-${pos}` }),
  ]
}

/** Whether `tr` shows a change from elsewhere (a collaborator's edit, not an undo of one's own). */
const fromElsewhere = (tr: Transaction): boolean => {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined
  return meta?.isChangeOrigin === true && meta.isUndoRedoOperation !== true
}

/** The merge-notice plugin. */
export function mergeNoticesPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: mergeNoticesKey,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, set, oldState, newState) => {
        const action = tr.getMeta(mergeNoticesKey) as NoticeAction | undefined
        if (action) return set.remove(set.find(action.dismiss, action.dismiss + 1))
        if (!tr.docChanged) return set
        let next = set.map(changeOf(tr).mapping, tr.doc)
        if (!fromElsewhere(tr)) {
          // the drafter edited a marked paragraph: they have seen to it
          const touched: Decoration[] = []
          tr.mapping.maps.forEach((map, i) => {
            const rest = tr.mapping.slice(i + 1)
            map.forEach((_a, _b, from, to) => { touched.push(...next.find(rest.map(from, -1), rest.map(to, 1))) })
          })
          if (touched.length) {
            const positions = new Set(touched.filter((d) => d.spec.notice === true).map((d) => d.from))
            for (const pos of positions) next = next.remove(next.find(pos, pos + 1))
          }
        } else {
          const found = doubledParagraphs(oldState.doc, newState.doc)
          for (const pos of found) {
            if (next.find(pos, pos + 1, (spec) => spec.notice === true).length) continue
            next = next.add(newState.doc, notice(pos, newState.doc.nodeAt(pos)!))
          }
        }
        return next
      },
    },
    props: {
      decorations: (state) => mergeNoticesKey.getState(state),
    },
  })
}
