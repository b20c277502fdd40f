// A Copy button for a secret shown once (a one-time password): copies it and says so, or says what to do when the browser refuses.
import { h } from './dom.js'

/**
 * Copies `text` with the older command on a selection of `source` (the element showing it), for when
 * the asynchronous clipboard is missing or refused (no permission, a page not in focus). True when copied.
 */
function copyBySelection(source: HTMLElement): boolean {
  const range = document.createRange()
  range.selectNodeContents(source)
  const selection = getSelection()
  selection?.removeAllRanges()
  selection?.addRange(range)
  try {
    // deprecated but still the one fallback browsers offer when the Clipboard API is refused
    return document.execCommand('copy')
  } catch {
    return false
  }
}

/**
 * A "Copy" button and the status beside it for `text`, shown in `source`. Clicking writes the
 * text to the clipboard and says "Copied"; when the browser refuses, the text is copied from a
 * selection of `source` instead, and when that fails too it stays selected with the shortcut to press.
 */
export function copyButton(text: string, source: HTMLElement, label = 'Copy'): HTMLElement {
  const status = h('span', { class: 'copy-status', role: 'status' })
  const button = h('button', { type: 'button', class: 'copy-button' }, label)
  button.addEventListener('click', async () => {
    let copied = false
    try {
      await navigator.clipboard.writeText(text)
      copied = true
    } catch {
      copied = copyBySelection(source)
    }
    status.textContent = copied
      ? 'Copied'
      : 'The browser refused to copy: the text is selected, press Ctrl+C (⌘C on a Mac) to copy it.'
    status.classList.toggle('refused', !copied)
  })
  return h('span', { class: 'copy-control' }, button, ' ', status)
}
