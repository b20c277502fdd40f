// The Settings panel: the document's own settings, shared by everyone who opens it and used by
// every export. For now its citation style (how references to other articles read). Drafters and
// conveners change them; reviewers and observers see them read-only.
import type { EditorView } from 'prosemirror-view'
import { CITATION_STYLES, CITATION_STYLE_NAMES, citationStyleOf } from '../model/citation.js'
import { setCitationStyle } from '../commands/settings.js'
import { citationStyle } from '../plugins/xrefs.js'
import { h, setIfChanged } from './dom.js'

/** Creates the panel for `view`; call `update` after each state change and after a change of role. */
export function settingsPanel(view: EditorView, canEdit: () => boolean) {
  const style = h('select', { class: 'citation-style', id: 'settings-citation-style' },
    ...CITATION_STYLES.map((s) => h('option', { value: s }, CITATION_STYLE_NAMES[s])))
  const update = () => {
    const current = citationStyle(view.state)
    if (style.value !== current) style.value = current
    const editable = canEdit()
    setIfChanged(style, 'disabled', !editable)
    setIfChanged(style, 'title', editable ? '' : 'Your role does not allow changing the document\'s settings')
  }
  style.addEventListener('change', () => {
    if (canEdit()) setCitationStyle(view.state, citationStyleOf(style.value))
    update()
  })
  update()
  return {
    el: h('section', { class: 'panel settings' }, h('h2', {}, 'Settings'),
      h('label', { class: 'settings-field', for: 'settings-citation-style' }, 'Citation style'), style,
      h('p', { class: 'settings-hint' }, 'How references to other articles read, here and in every export. Within an article they read “paragraph 2”.')),
    update,
  }
}
