// The editor sidebar's tabs, in order: the id each is known by (in the page, in the choice this
// browser remembers, in the browser tests) and its label. main.ts mounts a panel into each.

/** Every tab of the editor's sidebar; the audit log is offered to conveners only. */
export const SIDEBAR_PANELS = [
  { id: 'outline', label: 'Outline' },
  { id: 'parameters', label: 'Parameters' },
  { id: 'library', label: 'Library' },
  { id: 'check', label: 'Check' },
  { id: 'people', label: 'People' },
  { id: 'audit', label: 'Audit' },
] as const

/** The id of one of the sidebar's tabs. */
export type SidebarPanelId = (typeof SIDEBAR_PANELS)[number]['id']
