// A tiny element builder. Text always goes in as text nodes, never as HTML, so document content
// and people's names cannot inject markup.

type Child = Node | string | null | undefined | false
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>

/**
 * Creates `<tag>` with attributes (`on…` entries become event listeners, `true` an empty
 * attribute, null/false/undefined nothing) and children (strings become text nodes).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value)
    // through the CSSOM: the Content-Security-Policy refuses style attributes, not el.style
    else if (key === 'style') el.style.cssText = String(value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  append(el, children)
  return el
}

/** Appends children (strings as text nodes) to `el`. */
export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** Replaces all of `el`'s children. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren()
  append(el, children)
}

/**
 * Sets `el[key]` to `value` unless it holds it already. Writing a reflected property (`disabled`,
 * `hidden`, `title`) records a DOM change even when the value is the same, and the page restyles
 * and repaints for it: panels updated on every transaction write through this.
 */
export function setIfChanged<E extends object, K extends keyof E>(el: E, key: K, value: E[K]): void {
  if (el[key] !== value) el[key] = value
}
