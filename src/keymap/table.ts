/**
 * THE key table: one list drives key handling, the footer hints, the `?` overlay and the README key list.
 * Keys are spelled as `keyName()` produces them: `j`, `up`, `tab`, `shift+tab`, `enter`, `escape`,
 * `ctrl+c`, `ctrl+j`, `alt+enter`, `1-9` (any digit 1–9).
 */

import { DEFAULT_BINDINGS } from './bindings.js';

export const MODES = ['normal', 'filter', 'compose', 'command', 'help', 'answer', 'confirm'] as const;
export type Mode = (typeof MODES)[number];

/** The dashboard's panels (the focused one decides which hints the footer shows). */
export const FOCUSES = ['agents', 'pane', 'feed'] as const;
export type Focus = (typeof FOCUSES)[number];

/** What the footer knows about the moment: the focused panel, the selection, the source. */
export interface HintContext {
  panel: Focus;
  /** The selected pane is an agent waiting on a dialog. */
  waiting: boolean;
  /** Some agent waits on the operator. */
  anyWaiting: boolean;
  /** The source is this machine's tmux (attach works). */
  local: boolean;
}

export const ACTIONS = [
  'down',
  'up',
  'collapse',
  'expand',
  'jump',
  'nextWaiting',
  'answer',
  'agentsOnly',
  'nextPanel',
  'prevPanel',
  'filter',
  'help',
  'palette',
  'attach',
  'kill',
  'compose',
  'sortWaiting',
  'reconnect',
  'back',
  'quit',
  'send',
  'newline',
  'clear',
  'run',
  'complete',
  'confirm',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Binding {
  action: Action;
  keys: string[];
  /** Modes in which the binding is live. */
  modes: readonly Mode[];
  description: string;
  /** Short footer label, for the 4–7 hints of the status bar. */
  hint?: string;
  /** Where the convention comes from (README). */
  from?: string;
  /** The footer shows the hint only while one of these panels has the focus (default: any). */
  hintPanels?: readonly Focus[];
  /** …and only when this holds (see HintContext). */
  hintWhen?: 'waiting' | 'anyWaiting' | 'local';
  /** Shown (footer, `?`) only over this kind of source; the key still runs its action everywhere. */
  when?: 'local' | 'remote';
}

/** The bindings that apply over a source of `kind`: what the footer and `?` show. */
export const bindingsFor = (keymap: Keymap, kind?: 'embedded' | 'remote'): Binding[] =>
  keymap.bindings.filter((b) => !b.when || !kind || b.when === (kind === 'remote' ? 'remote' : 'local'));

export { DEFAULT_BINDINGS };

export type KeyOverrides = Record<string, string | string[]>;

export interface Keymap {
  bindings: Binding[];
}

/** Apply config `keys` overrides (action name → key or keys). Unknown actions are reported, not ignored. */
export function resolveKeymap(overrides: KeyOverrides = {}): { keymap: Keymap; errors: string[] } {
  const errors: string[] = [];
  const known = new Set<string>(ACTIONS);
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) errors.push(`keys.${name}: unknown action (one of ${ACTIONS.join(', ')})`);
  }
  const bindings = DEFAULT_BINDINGS.map((b) => {
    const o = overrides[b.action];
    if (o === undefined) return { ...b, keys: [...b.keys] };
    const keys = (Array.isArray(o) ? o : [o]).map(normaliseSpec).filter((k) => k !== '');
    if (keys.length === 0) errors.push(`keys.${b.action}: no key given`);
    return { ...b, keys: keys.length ? keys : [...b.keys] };
  });
  return { keymap: { bindings }, errors };
}

export const defaultKeymap = (): Keymap => resolveKeymap().keymap;

/** Accept "Ctrl-C", "C-c", "ctrl+c", "Esc", "Return", "S-Tab" and normalise them. */
export function normaliseSpec(spec: string): string {
  let s = spec.trim();
  if (s.length === 1) return s;
  s = s
    .toLowerCase()
    .replace(/^c-/, 'ctrl+')
    .replace(/^m-/, 'alt+')
    .replace(/^s-/, 'shift+')
    .replace(/-/g, '+');
  s = s.replace(/^(meta|option)\+/, 'alt+');
  const alias: Record<string, string> = { esc: 'escape', return: 'enter', cr: 'enter', btab: 'shift+tab' };
  const parts = s.split('+');
  const last = parts.pop() ?? '';
  parts.push(alias[last] ?? last);
  const joined = parts.join('+');
  return joined === '1+9' ? '1-9' : joined;
}

/** Does key `name` (from keyName()) match spec? */
export function specMatches(spec: string, name: string): boolean {
  if (spec === '1-9') return /^[1-9]$/.test(name);
  return spec === name;
}

/** The action bound to a key in a mode, if any. */
export function actionFor(keymap: Keymap, mode: Mode, name: string): Action | undefined {
  if (name === '') return undefined;
  for (const b of keymap.bindings) {
    if (b.modes.includes(mode) && b.keys.some((k) => specMatches(k, name))) return b.action;
  }
  return undefined;
}

/** Human spelling of a key spec: `ctrl+c` → `Ctrl-C`, `down` → `↓`. */
export function displayKey(spec: string, ascii = false): string {
  const named: Record<string, string> = {
    up: ascii ? 'Up' : '↑',
    down: ascii ? 'Down' : '↓',
    left: ascii ? 'Left' : '←',
    right: ascii ? 'Right' : '→',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'shift+tab': 'Shift-Tab',
    '1-9': '1–9',
  };
  if (named[spec]) return ascii ? (named[spec] ?? spec).replace('–', '-') : (named[spec] ?? spec);
  return spec
    .split('+')
    .map((p, i, all) =>
      i < all.length - 1
        ? p.charAt(0).toUpperCase() + p.slice(1)
        : p.length > 1
          ? p[0]?.toUpperCase() + p.slice(1)
          : all.length > 1
            ? p.toUpperCase()
            : p,
    )
    .join('-');
}

export const displayKeys = (b: Binding, ascii = false): string =>
  b.keys.map((k) => displayKey(k, ascii)).join(', ');

/** The footer hints: 4–7 `key label` pairs for the current mode, the focused panel and the selection. */
export function footerHints(
  keymap: Keymap,
  mode: Mode,
  ctx: HintContext = { panel: 'agents', waiting: false, anyWaiting: false, local: true },
): Array<{ key: string; label: string }> {
  if (mode === 'compose') {
    return pick(keymap, ['send', 'newline', 'back', 'clear'], {
      send: 'send',
      newline: 'newline',
      back: 'keep draft',
      clear: 'clear',
    });
  }
  if (mode === 'filter' || mode === 'command') {
    return pick(
      keymap,
      mode === 'command' ? ['run', 'complete', 'back', 'clear'] : ['run', 'back', 'clear'],
      {
        run: mode === 'filter' ? 'keep' : 'run',
        complete: 'complete',
        back: 'cancel',
        clear: 'clear',
      },
    );
  }
  if (mode === 'answer') {
    return pick(keymap, ['jump', 'run', 'back'], { jump: 'pick', run: 'answer', back: 'cancel' });
  }
  if (mode === 'confirm') return pick(keymap, ['confirm', 'back'], { confirm: 'yes', back: 'no' });
  if (mode === 'help') return pick(keymap, ['back', 'quit'], { back: 'close', quit: 'quit' });
  return bindingsFor(keymap, ctx.local ? 'embedded' : 'remote')
    .filter(
      (b) =>
        b.hint &&
        b.modes.includes('normal') &&
        (!b.hintPanels || b.hintPanels.includes(ctx.panel)) &&
        (!b.hintWhen || ctx[b.hintWhen]),
    )
    .filter((_b, i, all) => all.length <= 7 || i < 6 || i === all.length - 1) // quit stays, last
    .map((b) => ({ key: hintKeys(b), label: b.hint ?? '' }));
}

function hintKeys(b: Binding): string {
  const first = b.keys[0] ?? '';
  if (b.action === 'up' && first === 'k') return 'j/k';
  if (b.action === 'expand' && first === 'l') return 'h/l';
  return displayKey(first);
}

function pick(keymap: Keymap, actions: Action[], labels: Partial<Record<Action, string>>) {
  return actions.flatMap((a) => {
    const b = keymap.bindings.find((x) => x.action === a);
    return b ? [{ key: displayKey(b.keys[0] ?? ''), label: labels[a] ?? b.description }] : [];
  });
}

/** The README key list (markdown), generated from the table. */
export function renderKeyTable(keymap: Keymap = defaultKeymap()): string {
  const rows = keymap.bindings.map(
    (b) =>
      `| ${displayKeys(b).replace(/\|/g, '\\|')} | ${b.description} | \`${b.action}\` | ${b.modes.join(', ')} | ${b.from ?? '—'} |`,
  );
  return ['| key | does | config name | modes | from |', '|---|---|---|---|---|', ...rows].join('\n');
}
