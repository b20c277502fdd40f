// The review sidebar's composer: what a person writes on the words they selected — a comment, a
// suggestion (replace them, or delete them when the new text is left empty), or a private note —
// or, on a point, a suggestion of text to insert there. Its words are anchored when it opens, and
// found again when it is sent (others may have edited meanwhile), once the server has stored the
// text they are in (the server checks anchors against the text it has).
import type * as Y from 'yjs'
import { AnnotationError, anchorRange, resolveAnchor, type Anchor, type Quote } from '../model/annotations/index.js'
import { h, replaceChildren } from './dom.js'

/** Where the composed text goes. */
export interface ReviewComposerOptions {
  fragment: Y.XmlFragment
  /** Resolves once the server has stored every local change to the text. */
  contentStored(): Promise<void>
  /** Whether "Private note (only me)" is offered. */
  notes: boolean
  /** Writes a comment (`replacement` null) or a suggestion at `at`; throws an AnnotationError to refuse. */
  write(at: { from: number; to: number }, body: string, replacement: string | null): void
  /** Keeps a private note at where `at()` says; resolves to the refusal's reason, or null. */
  keep(at: () => { from: number; to: number }, body: string): Promise<string | null>
  /** The words cannot be commented on (outside the document). */
  cannot(reason: string): void
  /** The composer was closed from the keyboard (focus goes back to the text). */
  done(): void
}

/** The composer; `open` on a range or a point, `close` to drop it. */
export function reviewComposer(options: ReviewComposerOptions) {
  const el = h('div', { class: 'review-composer', hidden: true })
  let composing: { anchor: Anchor; quote: Quote } | null = null
  // what was typed, kept when the composer is opened again on other words
  let draft = ''

  function close() {
    composing = null
    draft = ''
    el.hidden = true
    replaceChildren(el)
  }

  /** Where the composed-on words are now; throws when they were deleted. */
  function placed(): { from: number; to: number } {
    if (!composing) throw new AnnotationError('nothing is being commented on')
    const at = resolveAnchor(composing.anchor, composing.quote, options.fragment)
    if (at.status === 'orphaned') throw new AnnotationError('the commented text has been deleted')
    return at
  }

  /** Opens the composer on from..to; at a point (from === to) it proposes an insertion there. */
  function open(from: number, to: number) {
    const point = from === to
    try {
      composing = anchorRange(options.fragment, from, to)
    } catch (e) {
      options.cannot((e as Error).message)
      return
    }
    const area = h('textarea', { class: 'review-input', rows: 3, 'aria-label': 'Comment', placeholder: 'Comment… (@name mentions a member)' })
    area.value = draft
    area.addEventListener('input', () => { draft = area.value })
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const submit = h('button', { type: 'submit', class: 'review-submit' }, 'Comment')
    // a suggestion: replace the words with new text (or delete them when it is left empty)
    const suggesting = h('input', { type: 'checkbox', class: 'review-suggest-toggle' })
    const replacement = h('input', { type: 'text', class: 'review-replacement', 'aria-label': 'Replacement text', placeholder: 'New text (empty: delete)', hidden: true })
    // or a private note: kept on the person's own channel, seen by nobody else
    const keeping = h('input', { type: 'checkbox', class: 'review-private-toggle' })
    const choose = (changed: HTMLInputElement) => {
      if (changed.checked) (changed === suggesting ? keeping : suggesting).checked = false
      replacement.hidden = !suggesting.checked
      submit.textContent = suggesting.checked ? 'Suggest' : keeping.checked ? 'Keep note' : 'Comment'
      area.placeholder = keeping.checked ? 'Private note… (only you will see it)' : 'Comment… (@name mentions a member)'
      if (suggesting.checked) replacement.focus()
    }
    suggesting.addEventListener('change', () => choose(suggesting))
    keeping.addEventListener('change', () => choose(keeping))
    if (point) {
      // an insertion: the text to insert is what is asked for, the comment is optional
      suggesting.checked = true
      replacement.hidden = false
      replacement.placeholder = 'Text to insert'
      replacement.setAttribute('aria-label', 'Text to insert')
      submit.textContent = 'Suggest'
      area.placeholder = 'Why? (optional)'
    }
    const quote = point
      ? h('blockquote', { class: 'review-quote review-quote-point' }, `…${composing.quote.before.slice(-24)}`, h('span', { class: 'review-point-mark' }, '‸'), `${composing.quote.after.slice(0, 24)}…`)
      : h('blockquote', { class: 'review-quote' }, composing.quote.text)
    const form = h('form', { class: 'review-form' },
      quote,
      point ? h('p', { class: 'review-suggest-label' }, 'Suggest inserting text here') : h('div', { class: 'review-kinds' },
        h('label', { class: 'review-suggest-label' }, suggesting, ' Suggest a change'),
        options.notes ? h('label', { class: 'review-private-label-choice' }, keeping, ' Private note (only me)') : null),
      replacement, area, error,
      h('div', { class: 'review-form-buttons' }, submit, h('button', { type: 'button', class: 'review-cancel', onclick: close }, 'Cancel')))
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      void send(area.value, keeping.checked ? 'note' : suggesting.checked ? replacement.value : null, error, submit)
    })
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit() }
      if (e.key === 'Escape') { close(); options.done() }
    })
    replaceChildren(el, form)
    el.hidden = false
    // after the toolbar has handed focus back to the text
    setTimeout(() => (point ? replacement : area).focus(), 0)
  }

  /** Sends a comment (`what` null), a suggestion (its new text) or a private note ('note'). */
  async function send(body: string, what: string | null | 'note', error: HTMLElement, submit: HTMLButtonElement) {
    if (!composing) return
    submit.disabled = true
    const show = (message: string) => { error.hidden = false; error.textContent = message }
    try {
      if (what === 'note') {
        const problem = await options.keep(placed, body)
        if (problem === null) close()
        else show(problem)
        return
      }
      await options.contentStored()
      options.write(placed(), body, what)
      close()
    } catch (e) {
      if (!(e instanceof AnnotationError)) throw e
      show(e.message)
    } finally {
      submit.disabled = false
    }
  }

  return { el, open, close }
}
