// The members dialog's "who to add" field: a combobox (WAI-ARIA 1.2, list autocomplete) that offers the
// instance's accounts, by display name and username, as the convener types.
import { MAX_ACCOUNT_QUERY, type AccountMatchView } from '../model/api-views.js'
import { h, replaceChildren } from './dom.js'

/** How long typing must pause before the accounts are asked for: one search per word typed, not per key. */
const SEARCH_DELAY_MS = 200

let nextId = 0

/** What the combobox needs from its dialog. */
export interface AccountComboboxOptions {
  /** The accounts matching `text`, best first (the server's search). */
  search(text: string): Promise<AccountMatchView[]>
  /** Tells the person a search failed. */
  onError(err: unknown): void
  /** The field's accessible name. */
  label: string
}

/** The combobox: `el` to place in a form, `input` whose value is the username to add. */
export interface AccountCombobox {
  el: HTMLElement
  input: HTMLInputElement
  /** Empties the field and closes the list (after an account was added). */
  clear(): void
}

/** The text an option shows for a member already in the document. */
const alreadyIn = (m: AccountMatchView) => (m.role ? `already ${m.role}` : '')

/**
 * Builds the combobox. Typing searches (after a short pause; an answer to an older text is
 * ignored); ArrowDown and ArrowUp move through the accounts that can be added, Enter or a click
 * picks one (its username goes into the field), Escape closes the list without closing the dialog.
 * A text nobody matches says so. Picking only fills the field: adding is the form's, and the
 * server checks the username again.
 */
export function accountCombobox(options: AccountComboboxOptions): AccountCombobox {
  const listId = `account-options-${++nextId}`
  const input = h('input', {
    type: 'text', name: 'username', placeholder: 'name or username', required: true, maxlength: MAX_ACCOUNT_QUERY,
    autocomplete: 'off', spellcheck: 'false', 'aria-label': options.label,
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
  })
  const list = h('ul', { id: listId, class: 'account-options', role: 'listbox', 'aria-label': 'Matching accounts', hidden: true })
  const status = h('p', { class: 'account-status form-note', role: 'status' })

  let matches: AccountMatchView[] = []
  let active = -1
  let asked = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const optionEls = () => Array.from(list.children) as HTMLElement[]
  const isOpen = () => !list.hidden

  const setActive = (index: number) => {
    active = index
    optionEls().forEach((el, i) => el.setAttribute('aria-selected', String(i === index)))
    const el = optionEls()[index]
    if (el) {
      input.setAttribute('aria-activedescendant', el.id)
      el.scrollIntoView({ block: 'nearest' })
    } else input.removeAttribute('aria-activedescendant')
  }

  const close = () => {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    setActive(-1)
  }

  const pick = (m: AccountMatchView) => {
    if (m.role) return
    input.value = m.username
    close()
    status.textContent = `${m.displayName} (${m.username}) chosen: choose a role and add.`
  }

  const show = (text: string, found: AccountMatchView[]) => {
    matches = found
    replaceChildren(list, ...found.map((m, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', class: 'account-option', 'aria-selected': 'false',
      'aria-disabled': m.role ? 'true' : null, 'data-username': m.username,
      // keeps the focus in the field, so the list does not close before the click
      onmousedown: (e: Event) => e.preventDefault(),
      onclick: () => pick(m),
    }, h('span', { class: 'account-name' }, m.displayName), ' ', h('span', { class: 'badge muted' }, m.username),
    m.role ? h('span', { class: 'account-member' }, ` ${alreadyIn(m)}`) : null)))
    status.textContent = found.length === 0 ? `No account matches “${text}”` : ''
    list.hidden = found.length === 0
    input.setAttribute('aria-expanded', String(found.length > 0))
    setActive(-1)
  }

  const search = async (text: string) => {
    const mine = ++asked
    // nothing longer than a display name can match: no need to ask
    if ([...text].length > MAX_ACCOUNT_QUERY) return show(text, [])
    try {
      const found = await options.search(text)
      if (mine === asked) show(text, found)
    } catch (err) {
      if (mine === asked) { close(); options.onError(err) }
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    const text = input.value.trim()
    asked++
    if (!text) { close(); status.textContent = ''; return }
    timer = setTimeout(() => void search(text), SEARCH_DELAY_MS)
  })

  /** The next account that can be added from `from`, going `step` (+1 or -1); -1 when there is none. */
  const nextPickable = (from: number, step: number) => {
    for (let i = from + step; i >= 0 && i < matches.length; i += step) if (!matches[i]!.role) return i
    return -1
  }

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!isOpen()) {
        if (matches.length === 0) return
        list.hidden = false
        input.setAttribute('aria-expanded', 'true')
      }
      e.preventDefault()
      const step = e.key === 'ArrowDown' ? 1 : -1
      const next = nextPickable(active === -1 && step === -1 ? matches.length : active, step)
      if (next !== -1) setActive(next)
    } else if (e.key === 'Enter' && isOpen() && active !== -1) {
      e.preventDefault()
      pick(matches[active]!)
    } else if (e.key === 'Escape' && isOpen()) {
      // the list closes; the dialog stays open
      e.preventDefault()
      e.stopPropagation()
      close()
    }
  })
  input.addEventListener('blur', close)

  const el = h('div', { class: 'account-combobox' }, input, list, status)
  return {
    el, input,
    clear: () => {
      clearTimeout(timer)
      asked++
      input.value = ''
      matches = []
      status.textContent = ''
      close()
    },
  }
}
