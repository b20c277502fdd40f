// The sidebar's tabs (WAI-ARIA tabs pattern): one panel shown at a time instead of one long
// scroll. Arrow keys, Home and End move between the tabs; the tab last shown is remembered in
// this browser and shown first next time.
import { h, replaceChildren } from './dom.js'

/** Where the chosen tab is remembered. */
const STORAGE_KEY = 'pacta.sidebarTab'

/** One tab; what its panel shows is mounted into it (`mount`). */
export interface SidebarTab {
  /** Names the tab (`data-panel`), in ids and in the remembered choice. */
  id: string
  label: string
  /** Called each time the tab becomes the shown one (a panel that loads or checks when seen). */
  onShow?: () => void
}

/** How a panel that lives in a tab is brought into view, and whether it is in view. */
export interface PanelPlace {
  reveal(): void
  shown(): boolean
}

const storage = (): Storage | null => { try { return globalThis.localStorage } catch { return null } }

/**
 * Builds the tab list and its empty panels (`mount` fills them); `start` shows the tab this
 * browser remembers, or the first. Tabs can be made unavailable (a convener's audit log) and
 * given a badge (a count beside the label).
 */
export function sidebarTabs(tabs: readonly SidebarTab[]) {
  const buttons = new Map<string, HTMLButtonElement>()
  const badges = new Map<string, HTMLElement>()
  const panels = new Map<string, HTMLElement>()
  const unavailable = new Set<string>()
  let current = ''

  const tablist = h('div', { class: 'sidebar-tabs', role: 'tablist', 'aria-label': 'Sidebar' })
  const body = h('div', { class: 'sidebar-panels' })
  for (const tab of tabs) {
    const badge = h('span', { class: 'sidebar-tab-badge', hidden: true })
    const button = h('button', {
      type: 'button', role: 'tab', class: 'sidebar-tab', id: `sidebar-tab-${tab.id}`, 'data-panel': tab.id,
      'aria-controls': `sidebar-panel-${tab.id}`, 'aria-selected': 'false', tabindex: '-1',
    }, tab.label, badge)
    button.addEventListener('click', () => show(tab.id))
    const panel = h('div', { class: 'sidebar-panel', role: 'tabpanel', id: `sidebar-panel-${tab.id}`, 'data-panel': tab.id, 'aria-labelledby': button.id, tabindex: '0', hidden: true })
    buttons.set(tab.id, button)
    badges.set(tab.id, badge)
    panels.set(tab.id, panel)
    tablist.appendChild(button)
    body.appendChild(panel)
  }

  const available = () => tabs.filter((t) => !unavailable.has(t.id))

  /** Shows tab `id` (remembered for next time); false when there is no such tab here. */
  function show(id: string, remember = true): boolean {
    if (!buttons.has(id) || unavailable.has(id)) return false
    if (remember) storage()?.setItem(STORAGE_KEY, id)
    if (id === current) return true
    current = id
    for (const [key, button] of buttons) {
      const selected = key === id
      button.setAttribute('aria-selected', String(selected))
      button.tabIndex = selected ? 0 : -1
      panels.get(key)!.hidden = !selected
    }
    tabs.find((t) => t.id === id)?.onShow?.()
    return true
  }

  tablist.addEventListener('keydown', (e) => {
    const list = available()
    const at = list.findIndex((t) => t.id === current)
    const to = e.key === 'ArrowRight' ? (at + 1) % list.length
      : e.key === 'ArrowLeft' ? (at - 1 + list.length) % list.length
        : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : -1
    const next = list[to]
    if (!next) return
    e.preventDefault()
    show(next.id)
    buttons.get(next.id)!.focus()
  })

  const remembered = storage()?.getItem(STORAGE_KEY) ?? ''
  const start = () => { if (!show(remembered, false)) show(available()[0]?.id ?? '', false) }

  return {
    /** The tab list followed by the panels. */
    el: h('div', { class: 'sidebar-tabbed' }, tablist, body),
    show,
    /** Puts `content` into tab `id`'s panel. */
    mount(id: string, ...content: HTMLElement[]) { panels.get(id)?.append(...content) },
    /** Whether tab `id` is the one shown. */
    shown: (id: string) => current === id,
    /** The place of tab `id`'s panel, for the panel's own "open" actions. */
    place: (id: string): PanelPlace => ({ reveal: () => { show(id) }, shown: () => current === id }),
    /** Shows `text` beside tab `id`'s label ('' shows nothing); `title` says what it counts. */
    badge(id: string, text: string, title = '') {
      const badge = badges.get(id)
      if (!badge || badge.textContent === text) return
      replaceChildren(badge, text)
      badge.hidden = !text
      badge.title = title
    },
    /** Offers tab `id` or takes it away (then another tab is shown if it was the one shown). */
    setAvailable(id: string, yes: boolean) {
      const button = buttons.get(id)
      if (!button || yes === !unavailable.has(id)) return
      if (yes) unavailable.delete(id)
      else unavailable.add(id)
      button.hidden = !yes
      if (!yes && current === id) { current = ''; start() }
      else if (yes && !current) start()
    },
    /** Shows the remembered tab (or the first); call once the tabs' availability is set. */
    start,
  }
}
