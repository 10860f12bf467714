import { actionFor } from '../src/keymap/table.js';
import type { DashStore } from '../src/store/store.js';
import { handleKey, type KeyContext, printable } from './key-handlers.js';

/** A chunk read in normal mode that is keys typed quickly: a few key characters, or `:`/`/` and a line. */
const TYPED_KEYS = /^[0-9A-Za-z?/:]{2,8}$/;
const TYPED_LINE = /^[:/][^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]*$/;

/**
 * Several characters read at once that are not a (bracketed) paste: keys typed quickly, or sent by
 * `tmux send-keys ':' 'sort' Enter` without a pause, arrive as one chunk. They are handled as those keys,
 * one by one, each in the mode the one before left: `:sort⏎` opens the palette, types `sort` and runs it.
 * In normal mode a chunk counts as keys only when it looks typed (a few key characters, or `:`/`/` and a
 * line); anything else — a terminal's answer to a query, e.g. `ESC P>|tmux 3.3a` — is not keys. Once in
 * the composer the rest is text for the draft, Enter included as a new line: a chunk of several lines
 * there may be an unbracketed paste, which must not be sent line by line.
 */
export function handleChunk(store: DashStore, input: string, ctx: KeyContext): void {
  const first = store.getState().mode;
  if ((first === 'normal' || first === 'help') && !TYPED_KEYS.test(input) && !TYPED_LINE.test(input)) {
    // The quit key with what was typed right after it, read at once (a busy start-up): quit. The rest was
    // meant for the shell, but it is read already and no terminal takes keys back.
    const key = input.charAt(0);
    if (actionFor(store.getState().keymap, first, key) === 'quit')
      handleKey(store, key, printable(key, key, false, false), ctx);
    return;
  }
  const chars = [...input.replace(/\r\n/g, '\r')];
  for (const [i, ch] of chars.entries()) {
    if (store.getState().mode === 'compose') {
      const rest = chars.slice(i).join('');
      handleKey(store, rest, printable(rest, rest, false, false), ctx);
      return;
    }
    const name = ch === '\r' ? 'enter' : ch === '\n' ? 'ctrl+j' : ch === '\t' ? 'tab' : ch;
    handleKey(store, name, printable(ch, name, false, false), ctx);
  }
}
