// The find bar under the toolbar: the text to find, match case, whole word, where to look (this
// article or everywhere), previous and next with the count ("3 of 17"), and a replace row. It
// drives the find plugin (plugins/find.ts) through the find commands; its keys come from the
// action table (Ctrl+F, Ctrl+H, F3 …), plus Enter / Shift+Enter for next and previous and Escape,
// which closes the bar and returns to the text. Anyone can find; only those who may edit the text
// can replace (the replace controls stay disabled, and say why, for reviewers and observers).
import './find-bar.css'
import { keydownHandler } from 'prosemirror-keymap'
import type { Command, EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ACTIONS, shortcutText, type ActionName, type PageCommands } from '../commands/actions.js'
import { closeSearch, findNext, findPrevious, openSearch, replaceAll, replaceCurrent, setSearch } from '../commands/find.js'
import { queryProblem } from '../model/find.js'
import { findKey } from '../plugins/find.js'
import { h, replaceChildren, setIfChanged } from './dom.js'

/** The find bar and the page commands that open it. */
export interface FindBar {
  el: HTMLElement
  /** Opens the bar (Ctrl+F), with the selected text as the text to find when there is one. */
  find: Command
  /** Opens the bar with its replace row (Ctrl+H). */
  replace: Command
  /** Shows the search of `state`: the count, the message, which controls apply. */
  update(state: EditorState): void
}

/** The text of a short selection within one block (no parameter or reference in it), to search for. */
function selectedText(state: EditorState): string {
  const { from, to, $from, $to } = state.selection
  if (from === to || !$from.sameParent($to) || to - from > 200) return ''
  let plain = true
  state.doc.nodesBetween(from, to, (n) => { if (n.isInline && !n.isText) plain = false })
  return plain ? state.doc.textBetween(from, to) : ''
}

const title = (text: string, action: ActionName, extra = '') => {
  const a = ACTIONS.find((x) => x.name === action)
  const keys = [a ? shortcutText(a) : '', extra].filter(Boolean).join(' or ')
  return keys ? `${text} (${keys})` : text
}

/** Builds the find bar for the view `view()` returns (the view is created after the commands are needed). */
export function findBar(view: () => EditorView | null): FindBar {
  const findInput = h('input', { type: 'text', class: 'find-input', 'aria-label': 'Find', placeholder: 'Find in the treaty', spellcheck: 'false', autocomplete: 'off' })
  const count = h('span', { class: 'find-count', role: 'status', 'aria-live': 'polite' })
  const prev = h('button', { type: 'button', class: 'find-prev', 'aria-label': 'Previous match', title: title('Previous match', 'findPrevious', 'Shift+Enter') }, '↑')
  const next = h('button', { type: 'button', class: 'find-next', 'aria-label': 'Next match', title: title('Next match', 'findNext', 'Enter') }, '↓')
  const matchCase = h('input', { type: 'checkbox', class: 'find-case' })
  const wholeWord = h('input', { type: 'checkbox', class: 'find-word' })
  const scope = h('select', { class: 'find-scope', 'aria-label': 'Where to look' },
    h('option', { value: 'document' }, 'Everywhere'), h('option', { value: 'article' }, 'This article'))
  const close = h('button', { type: 'button', class: 'find-close', 'aria-label': 'Close the find bar', title: 'Close (Escape)' }, '✕')
  const replaceInput = h('input', { type: 'text', class: 'replace-input', 'aria-label': 'Replace with', placeholder: 'Replace with', spellcheck: 'false', autocomplete: 'off' })
  const replaceOne = h('button', { type: 'button', class: 'replace-one', title: 'Replace this match and go to the next (Enter in the replace box)' }, 'Replace')
  const replaceEvery = h('button', { type: 'button', class: 'replace-all', title: 'Replace every match, as one change that one undo takes back' }, 'Replace all')
  const message = h('span', { class: 'find-message', role: 'status', 'aria-live': 'polite' })
  const replaceRow = h('div', { class: 'find-row replace-row', hidden: true }, replaceInput, replaceOne, replaceEvery, message)
  const el = h('div', { class: 'find-bar', role: 'search', 'aria-label': 'Find and replace', hidden: true },
    h('div', { class: 'find-row' },
      findInput, count, prev, next,
      h('label', { class: 'find-option' }, matchCase, 'Match case'),
      h('label', { class: 'find-option' }, wholeWord, 'Whole word'),
      scope, close),
    replaceRow)
  // what replace-all did, shown until the search changes
  let lastReplaced = ''

  /** Runs `command` on the view, as the keymap would. */
  const exec = (command: Command): boolean => {
    const v = view()
    return v ? command(v.state, v.dispatch, v) : false
  }

  const open = (withReplace: boolean): Command => (_state, dispatch) => {
    const v = view()
    if (!v) return false
    if (!dispatch) return true
    const text = selectedText(v.state)
    if (text) findInput.value = text
    el.hidden = false
    replaceRow.hidden = !withReplace
    exec(openSearch)
    exec(setSearch({ pattern: findInput.value, matchCase: matchCase.checked, wholeWord: wholeWord.checked }, scope.value as 'document' | 'article'))
    lastReplaced = ''
    update(v.state)
    const focus = () => { findInput.focus(); findInput.select() }
    focus()
    // a toolbar button gives the focus back to the text after its command: take it once more
    setTimeout(() => { if (document.activeElement !== findInput && !el.hidden) focus() }, 0)
    return true
  }
  // the bar's own commands, in the shape the action table reads (it needs nothing else from the page here)
  const page: PageCommands = { insertXref: () => false, insertParameter: () => false, find: open(false), replace: open(true) }

  const closeBar = () => {
    exec(closeSearch)
    el.hidden = true
    view()?.focus()
  }

  const searchChanged = () => {
    lastReplaced = ''
    exec(setSearch({ pattern: findInput.value, matchCase: matchCase.checked, wholeWord: wholeWord.checked }, scope.value as 'document' | 'article'))
  }
  findInput.addEventListener('input', searchChanged)
  matchCase.addEventListener('change', searchChanged)
  wholeWord.addEventListener('change', searchChanged)
  scope.addEventListener('change', searchChanged)
  prev.addEventListener('click', () => exec(findPrevious))
  next.addEventListener('click', () => exec(findNext))
  close.addEventListener('click', closeBar)
  // a button disabled by its own click (the last match replaced) would drop the focus out of the bar
  const keepFocus = () => { if (!el.contains(document.activeElement) || (document.activeElement as HTMLButtonElement).disabled) replaceInput.focus() }
  const replaceThis = () => { exec(replaceCurrent(replaceInput.value)); keepFocus() }
  replaceOne.addEventListener('click', replaceThis)
  replaceEvery.addEventListener('click', () => {
    const v = view()
    const n = v ? findKey.getState(v.state)?.matches.length ?? 0 : 0
    if (exec(replaceAll(replaceInput.value))) {
      lastReplaced = `Replaced ${n} ${n === 1 ? 'match' : 'matches'}.`
      if (v) update(v.state)
    }
    keepFocus()
  })

  // the action table's keys work in the bar too (Ctrl+F selects the text to find again, F3 moves on …)
  const bindings: Record<string, Command> = {}
  for (const name of ['find', 'replace', 'findNext', 'findPrevious'] as const) {
    const action = ACTIONS.find((a) => a.name === name)!
    for (const key of action.keys) bindings[key] = action.command(page)
  }
  const actionKeys = keydownHandler(bindings)
  el.addEventListener('keydown', (event) => {
    const v = view()
    if (!v) return
    let handled = true
    if (event.key === 'Escape') closeBar()
    else if (event.key === 'Enter' && event.target === findInput) exec(event.shiftKey ? findPrevious : findNext)
    else if (event.key === 'Enter' && event.target === replaceInput) replaceThis()
    else handled = actionKeys(v, event)
    if (handled) { event.preventDefault(); event.stopPropagation() }
  })

  function update(state: EditorState): void {
    const s = findKey.getState(state)
    if (!s?.open) { setIfChanged(el, 'hidden', true); return }
    const v = view()
    const problem = queryProblem(s.query)
    const n = s.matches.length
    let counted: string
    if (problem) counted = ''
    else if (s.scope === 'article' && !s.articleId) counted = 'Not in an article'
    else if (n === 0) counted = 'No matches'
    else if (s.current >= 0) counted = `${s.current + 1} of ${n}`
    else counted = `${n} ${n === 1 ? 'match' : 'matches'}`
    replaceChildren(count, counted)
    findInput.setAttribute('aria-invalid', String(!problem && n === 0))
    prev.disabled = next.disabled = n === 0
    const editable = v?.editable ?? false
    replaceInput.disabled = !editable
    replaceOne.disabled = !editable || !replaceCurrent('')(state, undefined, v ?? undefined)
    replaceEvery.disabled = !editable || n === 0
    const why = !editable ? 'Your role lets you find text here but not replace it.'
      : problem ? `${problem} Then type what replaces it.`
        : lastReplaced || (n === 0 ? 'Nothing to replace.' : '')
    replaceChildren(message, why)
  }

  return { el, find: page.find!, replace: page.replace!, update }
}
