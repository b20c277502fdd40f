// The members dialog for conveners: add an existing account (found by name or username as one types) with a role,
// change a role, remove a member.
import { addMember, changeRole, listMembers, removeMember, searchCandidates, type MemberInfo } from '../account-api.js'
import { ROLES, type Role } from '../model/permissions.js'
import { accountCombobox } from './account-combobox.js'
import { h, replaceChildren } from './dom.js'

/** What each role may do, as the dialog explains it. */
const ROLE_HINTS: Record<Role, string> = {
  convener: 'everything, plus members, versions, export and delete',
  drafter: 'edits text and structure',
  reviewer: 'reads and comments; cannot change the text',
  observer: 'reads only',
}

function roleSelect(value: Role, label: string): HTMLSelectElement {
  const select = h('select', { 'aria-label': label, name: 'role' })
  for (const role of ROLES) select.appendChild(h('option', { value: role, selected: role === value, title: ROLE_HINTS[role] }, role))
  return select
}

/** Opens the dialog for `documentId`; `meId` is the signed-in user (they are told before removing themselves). */
export function openMembersDialog(documentId: string, meId: string): HTMLDialogElement {
  const rows = h('tbody', {})
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const show = (err: unknown) => {
    if (err === null) { error.hidden = true; return }
    error.textContent = err instanceof Error ? err.message.charAt(0).toUpperCase() + err.message.slice(1) : String(err)
    error.hidden = false
  }

  const row = (m: MemberInfo) => {
    const select = roleSelect(m.role, `Role of ${m.displayName}`)
    select.addEventListener('change', async () => {
      try { await changeRole(documentId, m.userId, select.value as Role); show(null) } catch (err) { show(err) }
      await refresh()
    })
    const remove = h('button', {
      type: 'button', class: 'remove danger-text', onclick: async () => {
        if (m.userId === meId && !confirm('Remove yourself from this document? You will lose access to it.')) return
        try { await removeMember(documentId, m.userId); show(null) } catch (err) { show(err) }
        await refresh()
      },
    }, 'Remove')
    return h('tr', { 'data-username': m.username },
      h('td', {}, m.displayName, h('span', { class: 'badge muted' }, m.username), m.disabled ? h('span', { class: 'badge muted' }, 'disabled') : null),
      h('td', {}, select),
      h('td', { class: 'actions' }, remove))
  }

  const refresh = async () => {
    try { replaceChildren(rows, ...(await listMembers(documentId)).map(row)) } catch (err) { show(err) }
  }

  const who = accountCombobox({ label: 'Account to add', search: (text) => searchCandidates(documentId, text), onError: show })
  const newRole = roleSelect('reviewer', 'Role of the new member')
  const add = h('form', { class: 'members-add' }, who.el, newRole, h('button', { type: 'submit', class: 'primary' }, 'Add'))
  add.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      await addMember(documentId, who.input.value.trim(), newRole.value as Role)
      who.clear()
      show(null)
    } catch (err) { show(err) }
    await refresh()
  })

  const dialog = h('dialog', { class: 'dialog members-dialog', 'aria-label': 'Members' },
    h('h2', {}, 'Members'),
    h('p', { class: 'form-note' }, 'A document keeps at least one convener. Changes reach open editors at once.'),
    error,
    // the table scrolls on its own, so that the list of accounts to add can hang below the dialog's edge
    h('div', { class: 'members-scroll' }, h('table', { class: 'people-table members-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Person'), h('th', {}, 'Role'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
      rows)),
    h('h3', {}, 'Add an existing account'),
    add,
    h('form', { method: 'dialog', class: 'dialog-actions' }, h('button', { value: 'close' }, 'Close')))
  // a search still waiting for typing to pause is dropped with the dialog
  dialog.addEventListener('close', () => { who.clear(); dialog.remove() })
  document.body.appendChild(dialog)
  dialog.showModal()
  void refresh()
  return dialog
}
