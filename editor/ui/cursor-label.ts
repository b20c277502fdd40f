// A remote person's cursor and name label, built with the CSSOM (allowed by the CSP, unlike the style attributes y-prosemirror's default writes).

/** Colours are accepted only as #rrggbb; anything else falls back to grey. */
const valid = (value: unknown) => (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : '#888888')

/** The colour of a present client (editor/collab/presence.ts `presenceColours`), or undefined when unknown. */
export type ColourOf = (clientId: number) => string | undefined

function paint(cursor: HTMLElement, colour: string): void {
  cursor.style.borderColor = colour
  const label = cursor.querySelector('div')
  if (label) label.style.backgroundColor = colour
}

/**
 * The `cursorBuilder` for yCursorPlugin: the same markup and classes as y-prosemirror's
 * default, with the name as a text node (never markup), colours from `colourOf` (the state's own
 * colour when it has none) set through `el.style`, and the client id in `data-client`.
 */
export function cursorLabel(colourOf: ColourOf) {
  return (user: { name?: unknown; color?: unknown }, clientId: number): HTMLElement => {
    const cursor = document.createElement('span')
    cursor.classList.add('ProseMirror-yjs-cursor')
    cursor.dataset.client = String(clientId)
    const label = document.createElement('div')
    label.appendChild(document.createTextNode(typeof user.name === 'string' ? user.name : ''))
    cursor.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'))
    paint(cursor, valid(colourOf(clientId) ?? user.color))
    return cursor
  }
}

/**
 * Repaints the cursors under `root` (y-prosemirror keeps a cursor's element while its client
 * stays, so a colour that changes when someone joins or leaves is applied here).
 */
export function recolourCursors(root: HTMLElement, colourOf: ColourOf): void {
  for (const cursor of root.querySelectorAll<HTMLElement>('.ProseMirror-yjs-cursor[data-client]')) {
    const colour = colourOf(Number(cursor.dataset.client))
    if (colour) paint(cursor, colour)
  }
}
