// The signed-in person in a page header: their name, links to their account and (admins) administration, and sign out.
import { signOut, type SessionUser } from '../account-api.js'
import { h } from './dom.js'

/** The header's account area for `user`. */
export function accountBar(user: SessionUser): HTMLElement {
  return h('div', { class: 'account-bar' },
    h('span', { class: 'who', title: `Signed in as ${user.username}` }, user.displayName),
    user.isAdmin ? h('a', { href: '/admin', class: 'admin-link' }, 'Administration') : null,
    h('a', { href: '/account', class: 'account-link' }, 'Account'),
    h('button', {
      type: 'button', class: 'sign-out', onclick: async () => {
        try { await signOut() } finally { location.href = '/login' }
      },
    }, 'Sign out'))
}
