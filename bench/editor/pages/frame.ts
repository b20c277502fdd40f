// The frame the reference pages share: Pacta's stylesheets and page layout without its panels, so
// that every page lays the treaty out alike and they differ only in what runs.
import 'prosemirror-view/style/prosemirror.css'
import '../../../editor/ui/base.css'
import '../../../editor/ui/editor.css'
import type { EditorView } from 'prosemirror-view'

/** Builds the page's layout and returns the element the editor mounts in. */
export function editorHost(): HTMLElement {
  document.body.className = 'editor-page'
  const app = document.getElementById('app')!
  const host = document.createElement('div')
  host.className = 'page'
  const scroll = document.createElement('div')
  scroll.className = 'page-scroll'
  scroll.append(host)
  const workspace = document.createElement('main')
  workspace.className = 'workspace'
  workspace.append(scroll)
  app.replaceChildren(workspace)
  return host
}

/** Shows a failure on the page (the runner reads the console too). */
export function fail(e: unknown): void {
  console.error(e)
  document.getElementById('app')!.textContent = `The page failed: ${e instanceof Error ? e.message : String(e)}`
}

/** Exposes the view to the runner. */
export function expose(view: EditorView): void {
  Object.assign(window, { benchView: view })
}
