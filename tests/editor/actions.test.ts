// The action table feeds the keymap, the toolbar and the help popover: each key and each action appears once.
import { describe, expect, it } from 'vitest'
import { ACTIONS, TOOLBAR_GROUPS, shortcutText, type ActionName, type PageCommands } from '../../editor/commands/actions.js'
import { treatyKeymaps } from '../../editor/commands/keymap.js'
import { EditorState } from 'prosemirror-state'
import { schema } from '../../editor/model/schema.js'

describe('the action table', () => {
  it('names each action once and binds each key to one action', () => {
    const names = ACTIONS.map((a) => a.name)
    expect(new Set(names).size).toBe(names.length)
    const keys = ACTIONS.flatMap((a) => a.keys)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('places every action with a button in a toolbar group that the toolbar shows', () => {
    for (const action of ACTIONS) if (action.toolbar) expect(TOOLBAR_GROUPS).toContain(action.toolbar.group)
  })

  it('shows an action’s shortcuts as people read them', () => {
    const addArticle = ACTIONS.find((a) => a.name === 'addArticle')!
    expect(shortcutText(addArticle)).toBe('Ctrl+Shift+Enter')
    const redo = ACTIONS.find((a) => a.name === 'redo')!
    expect(shortcutText(redo)).toBe('Ctrl+Y or Ctrl+Shift+Z')
  })

  it('binds the page’s own commands to the cross-reference and parameter keys', () => {
    const ran: ActionName[] = []
    const page: PageCommands = {
      insertXref: () => { ran.push('insertXref'); return true },
      insertParameter: () => { ran.push('insertParameter'); return true },
    }
    const bindings = treatyKeymaps(page)[0]!
    const press = (key: string, mods: KeyboardEventInit) =>
      bindings.props.handleKeyDown!.call(bindings, {} as never, { key, ...mods } as KeyboardEvent)
    expect(press('k', { ctrlKey: true, keyCode: 75 })).toBe(true)
    expect(press('K', { ctrlKey: true, shiftKey: true, keyCode: 75 })).toBe(true)
    expect(ran).toEqual(['insertXref', 'insertParameter'])
  })

  it('binds Ctrl+F, Ctrl+H and F3 where the text is read-only too, keeping Ctrl+F from the browser’s own find', () => {
    const ran: string[] = []
    const page: PageCommands = {
      insertXref: () => false, insertParameter: () => false,
      find: () => { ran.push('find'); return true }, replace: () => { ran.push('replace'); return true },
    }
    const plugin = treatyKeymaps(page)[1]!
    const keydown = plugin.props.handleDOMEvents!.keydown!
    let prevented = 0
    const press = (init: KeyboardEventInit & { keyCode: number }) =>
      keydown.call(plugin, {} as never, { ...init, preventDefault: () => { prevented++ } } as unknown as KeyboardEvent)
    expect(press({ key: 'f', ctrlKey: true, keyCode: 70 })).toBe(true)
    expect(press({ key: 'h', ctrlKey: true, keyCode: 72 })).toBe(true)
    expect(press({ key: 'H', ctrlKey: true, shiftKey: true, keyCode: 72 })).toBe(true)
    expect(ran).toEqual(['find', 'replace', 'replace'])
    expect(prevented).toBe(3)
    // F3 with no search open does not apply, and the key is left to the browser
    expect(keydown.call(plugin, { state: EditorState.create({ schema }) } as never, { key: 'F3', keyCode: 114, preventDefault: () => { prevented++ } } as unknown as KeyboardEvent)).toBe(false)
    expect(prevented).toBe(3)
    expect(shortcutText(ACTIONS.find((a) => a.name === 'replace')!)).toBe('Ctrl+H or Ctrl+Shift+H')
  })

  it('binds Ctrl+Alt+M to the page’s comment command through a handler that also runs where the text is read-only', () => {
    let ran = 0
    const page: PageCommands = { insertXref: () => false, insertParameter: () => false, comment: () => { ran++; return true } }
    const plugin = treatyKeymaps(page)[1]!
    const keydown = plugin.props.handleDOMEvents!.keydown!
    expect(keydown.call(plugin, {} as never, { key: 'm', ctrlKey: true, altKey: true, keyCode: 77, preventDefault: () => {} } as KeyboardEvent)).toBe(true)
    expect(ran).toBe(1)
  })
})

describe('characters typed with AltGr', () => {
  it('are typed, not taken for Ctrl+Alt shortcuts (Windows reports AltGr as Ctrl+Alt)', () => {
    const ran: string[] = []
    const page: PageCommands = {
      insertXref: () => false, insertParameter: () => false,
      check: () => { ran.push('check'); return true }, nextUnfilled: () => { ran.push('nextUnfilled'); return true },
      comment: () => { ran.push('comment'); return true },
    }
    const [bindings, readOnly] = treatyKeymaps(page)
    const state = EditorState.create({ schema })
    const view = { state, dispatch: () => {}, editable: true } as never
    const press = (key: string, keyCode: number) => {
      const event = { key, keyCode, ctrlKey: true, altKey: true, preventDefault: () => {} } as unknown as KeyboardEvent
      return [bindings!.props.handleKeyDown!.call(bindings!, view, event), readOnly!.props.handleDOMEvents!.keydown!.call(readOnly!, view, event)]
    }
    // Polish "ł" (AltGr+L) and "ń" (AltGr+N), German "µ" (AltGr+M) and "@" (AltGr+Q): left to the browser to type
    expect(press('ł', 76)).toEqual([false, false])
    expect(press('ń', 78)).toEqual([false, false])
    expect(press('µ', 77)).toEqual([false, false])
    expect(press('@', 81)).toEqual([false, false])
    expect(ran).toEqual([])
    // the shortcuts themselves still work: Ctrl+Alt+L, N and M
    expect(press('l', 76)).toContain(true)
    expect(press('n', 78)).toContain(true)
    expect(press('m', 77)).toContain(true)
    expect(ran).toEqual(['check', 'nextUnfilled', 'comment'])
  })
})
