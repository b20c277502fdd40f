// Marks the article that holds the cursor, so it is always rendered even while the others use
// `content-visibility: auto` (see editor.css): typing must never go into a skipped article.
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'

/** Key of the plugin; its state is the one-decoration set marking the cursor's article. */
export const cursorArticleKey = new PluginKey<DecorationSet>('cursor-article')

function compute(state: EditorState): DecorationSet {
  const { $head } = state.selection
  for (let d = $head.depth; d > 0; d--) {
    if ($head.node(d).type.name === 'article') {
      const from = $head.before(d)
      return DecorationSet.create(state.doc, [Decoration.node(from, from + $head.node(d).nodeSize, { class: 'has-cursor' })])
    }
  }
  return DecorationSet.empty
}

/** Creates the plugin that adds the class `has-cursor` to the article holding the selection's head. */
export function cursorArticlePlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: cursorArticleKey,
    state: {
      init: (_, state) => compute(state),
      apply: (tr, value, _old, newState) => (tr.docChanged || tr.selectionSet ? compute(newState) : value),
    },
    props: { decorations: (state) => cursorArticleKey.getState(state) },
  })
}
