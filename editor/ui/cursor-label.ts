// A remote person's cursor and name label, built with the CSSOM (allowed by the CSP, unlike the style attributes y-prosemirror's default writes).

/** Colours are accepted only as #rrggbb; anything else falls back to grey. */
const colourOf = (value: unknown) => (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : '#888888')

/**
 * The `cursorBuilder` for yCursorPlugin: the same markup and classes as y-prosemirror's
 * default, with the name as a text node (never markup) and colours set through `el.style`.
 */
export function cursorLabel(user: { name?: unknown; color?: unknown }): HTMLElement {
  const cursor = document.createElement('span')
  cursor.classList.add('ProseMirror-yjs-cursor')
  cursor.style.borderColor = colourOf(user.color)
  const label = document.createElement('div')
  label.style.backgroundColor = colourOf(user.color)
  label.appendChild(document.createTextNode(typeof user.name === 'string' ? user.name : ''))
  cursor.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'))
  return cursor
}
