// What the benchmark installs in every page before the page's own scripts run: clocks read inside
// the page (performance.now(), whose origin is the navigation's start), so that the times measured
// are the page's own and not the round trips of the browser protocol.
//
// "Painted" is the task that runs after a frame's requestAnimationFrame callbacks, i.e. after the
// style, layout and paint of that frame (a message posted from the rAF callback).
//
// The script is text, not a function, so that nothing of the runner's transpiler (tsx adds helpers
// to named functions) is sent to the page. It is the same text on all three pages.

/**
 * What the probe writes to the page's console once the editor is open and every `alsoShown`
 * selector is shown: the runner waits for it rather than asking the page (see measure.ts).
 */
export const OPENED_SIGNAL = 'bench: opened and shown'

/** What the probe records, as the runner reads it back. */
export interface ProbeState {
  /** When the editor was first shown editable with `lastBlockId` rendered (ms since navigation start). */
  openedAt: number | null
  /** When every selector the runner asked for (`alsoShown`) first matched, painted (ms since navigation start). */
  shownAt: number | null
  /** Keydown → painted latency of each keystroke while typing is on (ms). */
  keys: number[]
  burst: BurstState | null
  /** The page's first WebSocket (its sync connection) while opening, in ms since navigation start. */
  ws: OpeningSocket
}

/** When the page's sync connection was created, opened, and received the document while the page opened. */
export interface OpeningSocket {
  /** `new WebSocket` (the page's script is running its editor's setup). */
  created: number | null
  opened: number | null
  /** The first message, and the arrival of the largest message before the editor was shown (the document). */
  first: number | null
  document: number | null
  documentBytes: number
}

/** One remote burst as the page saw it. */
export interface BurstState {
  /** Arrival of the first and last sync message after arming (ms since navigation start). */
  first: number | null
  last: number | null
  /** Sync messages received after arming. */
  messages: number
  /** When the awaited text was first painted. */
  shownAt: number | null
}

/**
 * The probe's source for a page whose document's last block has stable id `lastBlockId`, which
 * also notes when every selector of `alsoShown` matches (e.g. review threads shown). It
 * defines `window.__bench` with the state above and its actions: `typing(on)`,
 * `armBurst(paragraphId, token)` (wait for `token` to be painted in that paragraph),
 * `caretAtEnd(paragraphId)`, `text(paragraphId)` and `until(test)` (a promise settled once
 * `test(window.__bench)` holds, checked every 25 ms). Once the editor is open and shown it writes
 * OPENED_SIGNAL to the console.
 */
export function probeScript(lastBlockId: string, alsoShown: readonly string[] = []): string {
  return `(() => {
  const LAST = ${JSON.stringify(lastBlockId)};
  const ALSO = ${JSON.stringify(alsoShown)};
  const b = window.__bench = { openedAt: null, shownAt: null, keys: [], burst: null, typingOn: false,
    ws: { created: null, opened: null, first: null, document: null, documentBytes: 0 } };
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => { const t = performance.now(); queue.shift()(t); };
  const afterThisFrame = (cb) => { queue.push(cb); channel.port2.postMessage(0); };
  const painted = (cb) => requestAnimationFrame(() => afterThisFrame(cb));
  const block = (id) => document.querySelector('.ProseMirror [data-id="' + id + '"]');
  const signal = () => { if (b.openedAt !== null && b.shownAt !== null) console.debug(${JSON.stringify(OPENED_SIGNAL)}); };

  addEventListener('keydown', () => {
    if (!b.typingOn) return;
    const t0 = performance.now();
    painted((t) => { b.keys.push(t - t0); });
  }, true);

  const opened = () => {
    const editor = document.querySelector('.ProseMirror[contenteditable="true"]');
    if (editor && editor.querySelector('[data-id="' + LAST + '"]')) afterThisFrame((t) => { b.openedAt = t; signal(); });
    else requestAnimationFrame(opened);
  };
  requestAnimationFrame(opened);
  const shown = () => {
    if (ALSO.every((s) => document.querySelector(s))) afterThisFrame((t) => { b.shownAt = t; signal(); });
    else requestAnimationFrame(shown);
  };
  requestAnimationFrame(shown);

  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const w = b.ws;
      const mine = w.created === null;
      if (mine) {
        w.created = performance.now();
        this.addEventListener('open', () => { w.opened = performance.now(); });
      }
      this.addEventListener('message', (event) => {
        if (mine && b.openedAt === null) {
          const t = performance.now();
          const size = event.data instanceof ArrayBuffer ? event.data.byteLength : 0;
          if (w.first === null) w.first = t;
          if (size > w.documentBytes) { w.documentBytes = size; w.document = t; }
        }
        const r = b.burst;
        if (!r || r.shownAt !== null) return;
        // message type 0: y-protocols sync (the updates); awareness and Pacta's own types are not counted
        if (event.data instanceof ArrayBuffer && new Uint8Array(event.data)[0] === 0) {
          const t = performance.now();
          r.messages++;
          if (r.first === null) r.first = t;
          r.last = t;
        }
      });
    }
  };

  b.typing = (on) => { b.typingOn = on; if (on) b.keys = []; };
  b.armBurst = (id, token) => {
    const r = b.burst = { first: null, last: null, messages: 0, shownAt: null };
    const check = () => {
      const el = block(id);
      if (el && el.textContent.includes(token)) afterThisFrame((t) => { r.shownAt = t; });
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  };
  b.caretAtEnd = (id) => {
    const el = block(id);
    if (!el) throw new Error('no block ' + id);
    el.scrollIntoView({ block: 'center' });
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    el.closest('.ProseMirror').focus();
  };
  b.until = (test) => new Promise((resolve) => {
    const tick = () => { if (test(b)) resolve(); else setTimeout(tick, 25); };
    tick();
  });
  b.text = (id) => { const el = block(id); return el ? el.textContent : null; };
})();`
}
