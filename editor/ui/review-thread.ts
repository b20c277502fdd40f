// One thread in the review sidebar: its opening comment, replies, reply box and actions
// (resolve or reopen, assign, edit and delete one's own words, delete, dismiss an orphan).
// Every action goes through the model's operations, which judge it with the server's rules; a
// refusal shows its reason in the card.
import {
  assignThread, deleteReply, deleteThread, dismissThread, editComment, editReply, reopenThread, replyTo, repliesInOrder,
  resolveThread, type ReplyRecord, type ThreadRecord,
} from '../model/annotations/index.js'
import { decideSuggestion } from '../model/annotations/index.js'
import { canModerateThreads, canResolveAnyThread, canResolveSuggestions, canWriteAnnotations } from '../model/permissions.js'
import type { MemberInfo } from '../account-api.js'
import type { Actor } from '../model/annotations/index.js'
import { h } from './dom.js'
import { renderBody } from './review-body.js'

/** What a card needs from the sidebar. */
export interface ThreadCardContext {
  actor: Actor | null
  members: readonly MemberInfo[]
  /** The display name of an account id (the id itself for a former member). */
  name(userId: string): string
  /** Runs an operation with the review context; returns the refusal's reason, or null. */
  run(op: (ctx: Parameters<typeof replyTo>[0]) => void): string | null
  /** Mentions in a body typed by the person acting. */
  mentions(body: string): string[]
  /** The thread's text is gone. */
  orphaned: boolean
  focused: boolean
  /** All replies shown (the person opened them); a focused card shows them all too. */
  repliesOpen: boolean
  /** Shows or hides the earlier replies of a long thread. */
  toggleReplies(): void
  /** Text kept in the reply box across re-renders. */
  draft: string
  setDraft(text: string): void
  /** Replies (by reply id) and opening comments (by thread id) being edited, with the text typed so far (kept across re-renders). */
  edits: Map<string, string>
  /** Shows the thread's text (click on the card). */
  reveal(): void
  /** Records a suggestion accepted and applies it to the text; resolves to a refusal's reason, or null. */
  accept(thread: ThreadRecord): Promise<string | null>
}

const time = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function byline(ctx: ThreadCardContext, author: string, at: number, edited: boolean): HTMLElement {
  return h('div', { class: 'review-byline' },
    h('span', { class: 'review-author' }, ctx.name(author)), ' ',
    h('time', { datetime: new Date(at).toISOString() }, time(at)),
    edited ? h('span', { class: 'review-edited' }, ' (edited)') : null)
}

/** A textarea with a submit button; `submit` returns a refusal's reason or null. */
function textForm(label: string, button: string, initial: string, submit: (text: string) => string | null, onInput?: (text: string) => void, onCancel?: () => void): HTMLFormElement {
  const area = h('textarea', { class: 'review-input', rows: 2, 'aria-label': label, placeholder: label })
  area.value = initial
  if (onInput) area.addEventListener('input', () => onInput(area.value))
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const form = h('form', { class: 'review-form' }, area, error,
    h('div', { class: 'review-form-buttons' },
      h('button', { type: 'submit', class: 'review-submit' }, button),
      onCancel ? h('button', { type: 'button', class: 'review-cancel', onclick: onCancel }, 'Cancel') : null))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const problem = submit(area.value)
    error.hidden = problem === null
    error.textContent = problem ?? ''
    if (problem === null && form.isConnected) { area.value = ''; onInput?.('') }
  })
  // Ctrl/Cmd+Enter sends
  area.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit() } })
  return form
}

function replyEl(thread: ThreadRecord, reply: ReplyRecord, ctx: ThreadCardContext, rerender: () => void): HTMLElement {
  const el = h('li', { class: 'review-reply', 'data-reply': reply.id })
  if (reply.deletedAt !== null) {
    el.append(byline(ctx, reply.author, reply.at, false), h('p', { class: 'review-deleted' }, 'Reply deleted'))
    return el
  }
  const own = ctx.actor !== null && ctx.actor.userId === reply.author && canWriteAnnotations(ctx.actor.role)
  const body = renderBody(reply.body)
  el.append(byline(ctx, reply.author, reply.at, reply.editedAt !== null), body)
  if (own) {
    const edit = h('button', { type: 'button', class: 'review-link-button review-edit' }, 'Edit')
    const del = h('button', { type: 'button', class: 'review-link-button review-delete' }, 'Delete')
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const startEditing = (focus: boolean) => {
      const form = textForm('Edit the reply', 'Save', ctx.edits.get(reply.id) ?? reply.body,
        (text) => {
          const problem = ctx.run((c) => editReply(c, thread.id, reply.id, text, ctx.mentions(text)))
          if (problem === null) { ctx.edits.delete(reply.id); rerender() }
          return problem
        },
        (text) => { if (ctx.edits.has(reply.id)) ctx.edits.set(reply.id, text) },
        () => { ctx.edits.delete(reply.id); rerender() })
      ctx.edits.set(reply.id, ctx.edits.get(reply.id) ?? reply.body)
      body.replaceWith(form)
      edit.hidden = true
      if (focus) form.querySelector('textarea')?.focus()
    }
    edit.addEventListener('click', () => { startEditing(true); rerender() })
    if (ctx.edits.has(reply.id)) startEditing(false)
    del.addEventListener('click', () => {
      const problem = ctx.run((c) => deleteReply(c, thread.id, reply.id))
      error.hidden = problem === null
      error.textContent = problem ?? ''
    })
    el.append(h('div', { class: 'review-actions' }, edit, del), error)
  }
  return el
}

/** What a suggestion proposes, its decision, and Accept / Reject for those who may decide. */
function suggestionEl(thread: ThreadRecord, ctx: ThreadCardContext, error: HTMLElement): HTMLElement {
  const change = thread.suggestion!
  const el = h('div', { class: 'review-suggestion', 'data-op': change.op },
    change.op === 'delete' ? h('span', {}, 'Delete the quoted text')
      : h('span', {}, change.op === 'insert' ? 'Insert ' : 'Replace with ', h('ins', { class: 'review-suggest-insert' }, change.text)))
  const show = (problem: string | null) => { error.hidden = problem === null; error.textContent = problem ?? '' }
  if (thread.decision) {
    el.append(h('p', { class: 'review-decision', 'data-verdict': thread.decision.verdict },
      `${thread.decision.verdict === 'accepted' ? 'Accepted' : 'Rejected'} by ${ctx.name(thread.decision.by)}`))
  } else if (ctx.actor && canResolveSuggestions(ctx.actor.role)) {
    el.append(h('div', { class: 'review-actions' },
      h('button', { type: 'button', class: 'review-accept', onclick: () => { void ctx.accept(thread).then(show) } }, 'Accept'),
      h('button', { type: 'button', class: 'review-reject', onclick: () => show(ctx.run((c) => decideSuggestion(c, thread.id, 'rejected'))) }, 'Reject')))
  }
  return el
}

/** Replies a card shows while its thread is neither focused nor opened (the last ones). */
export const REPLIES_SHOWN = 2

/** The card of one thread. */
export function threadCard(thread: ThreadRecord, ctx: ThreadCardContext, rerender: () => void): HTMLElement {
  const actor = ctx.actor
  const writer = actor !== null && canWriteAnnotations(actor.role)
  const mayResolve = writer && (canResolveAnyThread(actor!.role) || thread.author === actor!.userId)
  const resolved = thread.resolution !== null
  const card = h('article', {
    class: `review-thread${resolved ? ' is-resolved' : ''}${ctx.orphaned ? ' is-orphaned' : ''}${ctx.focused ? ' is-focused' : ''}`,
    'data-thread': thread.id, 'data-status': resolved ? 'resolved' : 'open', tabindex: -1,
  })
  card.addEventListener('click', (e) => {
    const target = e.target as HTMLElement
    if (!target.closest('button, textarea, select, a, form')) ctx.reveal()
  })
  const error = h('p', { class: 'form-error review-error', role: 'alert', hidden: true })
  const act = (op: Parameters<ThreadCardContext['run']>[0]) => () => {
    const problem = ctx.run(op)
    error.hidden = problem === null
    error.textContent = problem ?? ''
  }

  // a thread on a point (a suggested insertion) shows the words around it
  const quote = thread.quote.text === '' && (thread.quote.before || thread.quote.after)
    ? h('blockquote', { class: 'review-quote review-quote-point' }, `…${thread.quote.before.slice(-24)}`, h('span', { class: 'review-point-mark' }, '‸'), `${thread.quote.after.slice(0, 24)}…`)
    : h('blockquote', { class: 'review-quote' }, thread.quote.text)
  if (ctx.orphaned) card.append(h('p', { class: 'review-orphan-note' }, 'On deleted text'))
  card.append(quote, byline(ctx, thread.author, thread.created, thread.editedAt !== null))
  if (thread.suggestion) card.append(suggestionEl(thread, ctx, error))
  // the opening comment (a placeholder where a suggestion has none, for its author to write one)
  const body = thread.body ? renderBody(thread.body) : h('div', { class: 'review-body review-body-empty', hidden: true })
  card.append(body)

  const status = h('span', { class: 'review-status' }, resolved ? `Resolved by ${ctx.name(thread.resolution!.by)}` : 'Open')
  const actions = h('div', { class: 'review-actions' }, status)
  if (mayResolve) {
    actions.append(resolved
      ? h('button', { type: 'button', class: 'review-reopen', onclick: act((c) => reopenThread(c, thread.id)) }, 'Reopen')
      : h('button', { type: 'button', class: 'review-resolve', onclick: act((c) => resolveThread(c, thread.id)) }, 'Resolve'))
    const assign = h('select', { class: 'review-assign', 'aria-label': 'Assign to' },
      h('option', { value: '' }, 'Unassigned'),
      ...ctx.members.filter((m) => !m.disabled).map((m) => h('option', { value: m.userId }, m.displayName || m.username)))
    assign.value = thread.assignee ?? ''
    assign.addEventListener('change', act((c) => assignThread(c, thread.id, assign.value || null)))
    actions.append(assign)
  } else if (thread.assignee) actions.append(h('span', { class: 'review-assignee' }, `Assigned to ${ctx.name(thread.assignee)}`))
  if (writer && thread.author === actor!.userId) {
    const edit = h('button', { type: 'button', class: 'review-link-button review-edit-comment' }, 'Edit')
    const startEditing = (focus: boolean) => {
      const form = textForm('Edit the comment', 'Save', ctx.edits.get(thread.id) ?? thread.body,
        (text) => {
          const problem = ctx.run((c) => editComment(c, thread.id, text, ctx.mentions(text)))
          if (problem === null) { ctx.edits.delete(thread.id); rerender() }
          return problem
        },
        (text) => { if (ctx.edits.has(thread.id)) ctx.edits.set(thread.id, text) },
        () => { ctx.edits.delete(thread.id); rerender() })
      ctx.edits.set(thread.id, ctx.edits.get(thread.id) ?? thread.body)
      body.replaceWith(form)
      edit.hidden = true
      if (focus) form.querySelector('textarea')?.focus()
    }
    // the sidebar rebuilds the card once it knows it is being edited (so Cancel gives the comment back)
    edit.addEventListener('click', () => { startEditing(true); rerender() })
    if (ctx.edits.has(thread.id)) startEditing(false)
    actions.append(edit)
  }
  if (writer && (thread.author === actor!.userId || canModerateThreads(actor!.role))) {
    actions.append(h('button', { type: 'button', class: 'review-link-button review-delete-thread', onclick: act((c) => deleteThread(c, thread.id)) }, 'Delete thread'))
  }
  if (ctx.orphaned && actor && canModerateThreads(actor.role)) {
    actions.append(h('button', { type: 'button', class: 'review-dismiss', onclick: act((c) => dismissThread(c, thread.id)) }, 'Dismiss'))
  }
  card.append(actions, error)

  // a long thread shows its last replies only, until it is focused or its earlier replies are opened
  const replies = repliesInOrder(thread)
  const hidden = replies.length > REPLIES_SHOWN && !ctx.focused && !ctx.repliesOpen ? replies.length - REPLIES_SHOWN : 0
  if (replies.length > REPLIES_SHOWN && !ctx.focused) {
    card.append(h('button', { type: 'button', class: 'review-link-button review-replies-toggle', 'aria-expanded': String(hidden === 0), onclick: ctx.toggleReplies },
      hidden ? `Show ${hidden} earlier ${hidden === 1 ? 'reply' : 'replies'}` : 'Hide earlier replies'))
  }
  if (replies.length) card.append(h('ol', { class: 'review-replies' }, ...replies.slice(hidden).map((r) => replyEl(thread, r, ctx, rerender))))
  if (writer) {
    card.append(textForm('Reply', 'Reply', ctx.draft,
      (text) => ctx.run((c) => { replyTo(c, thread.id, text, ctx.mentions(text)) }), (text) => ctx.setDraft(text)))
  }
  return card
}

/** Where the same text box is in a card built again: the box with the same label, in the same reply when it is in one. */
function sameBox(area: HTMLTextAreaElement): string {
  const box = `textarea[aria-label="${CSS.escape(area.getAttribute('aria-label') ?? '')}"]`
  const reply = area.closest<HTMLElement>('[data-reply]')?.dataset.reply
  return reply === undefined ? box : `[data-reply="${CSS.escape(reply)}"] ${box}`
}

/**
 * Runs `swap`, which may put cards built again in the place of cards in `container`. A box being
 * typed into whose card was built again gives its focus and selection to the same box in the new
 * card, so what is typed next goes where the person was typing.
 */
export function keepingTheCaret(container: HTMLElement, swap: () => void): void {
  const was = document.activeElement
  const thread = was instanceof HTMLTextAreaElement && container.contains(was) ? was.closest<HTMLElement>('.review-thread')?.dataset.thread : undefined
  swap()
  if (thread === undefined || was!.isConnected) return
  const old = was as HTMLTextAreaElement
  const area = container.querySelector<HTMLTextAreaElement>(`.review-thread[data-thread="${CSS.escape(thread)}"] ${sameBox(old)}`)
  if (!area) return
  area.focus({ preventScroll: true })
  const end = area.value.length
  area.setSelectionRange(Math.min(old.selectionStart, end), Math.min(old.selectionEnd, end), old.selectionDirection)
}
