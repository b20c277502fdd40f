import { describe, expect, it } from 'vitest'
import { windowOf, WINDOW_BEFORE, WINDOW_SIZE } from '../../editor/ui/review-window.js'

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)

describe('windowOf', () => {
  it('builds every card when the threads fit in one window', () => {
    expect(windowOf(ids(WINDOW_SIZE), 't30')).toEqual({ start: 0, end: WINDOW_SIZE })
  })

  it('starts a long list at its top when no thread is followed', () => {
    expect(windowOf(ids(1000), null)).toEqual({ start: 0, end: WINDOW_SIZE })
    expect(windowOf(ids(1000), 'gone')).toEqual({ start: 0, end: WINDOW_SIZE })
  })

  it('keeps a few cards above the followed thread', () => {
    expect(windowOf(ids(1000), 't500')).toEqual({ start: 500 - WINDOW_BEFORE, end: 500 - WINDOW_BEFORE + WINDOW_SIZE })
  })

  it('ends with the last thread rather than a short window', () => {
    expect(windowOf(ids(1000), 't995')).toEqual({ start: 1000 - WINDOW_SIZE, end: 1000 })
  })
})
