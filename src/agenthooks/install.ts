/**
 * Install, check and remove our hooks in an agent's settings file. Idempotent (installing twice changes
 * nothing the second time), textual (see jsonedit.ts: everything not ours stays byte for byte), with a
 * backup `<file>.tmo-backup-<time>` before every change. Uninstall removes exactly what install added; an
 * emptied `hooks` object goes with it, and a file left holding only `{}` (or nothing) is removed.
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { readRegularFile } from '../config/read-file.js';
import { makeDirs } from '../config/state-file.js';
import { appendTo, type JsonNode, member, parseJson, plain, removeAt } from './jsonedit.js';
import { type HookGroup, isOurCommand, type Target } from './targets.js';

export type Action = 'installed' | 'updated' | 'unchanged' | 'removed' | 'absent' | 'skipped';

export interface Change {
  path: string;
  action: Action;
  backup?: string;
  note?: string;
}

export interface TargetStatus {
  path: string;
  exists: boolean;
  /** Hook events (or `notify`) of ours with the expected command. */
  installed: string[];
  /** Expected but absent, or present with another command (an older install's paths). */
  missing: string[];
  stale: string[];
  note?: string;
}

/** A group as installed: its event and its whole JSON (so a changed field — paths, `async` — is an update). */
const signature = (g: { event: string; json: string }): string => `${g.event}\0${g.json}`;

interface Ours {
  event: string;
  matcher?: string;
  json: string;
}

/** Our groups in a parsed settings file. */
function oursIn(root: JsonNode): Ours[] {
  const hooks = member(root, 'hooks')?.value;
  if (hooks?.type !== 'object') return [];
  const out: Ours[] = [];
  for (const m of hooks.members) {
    if (m.value.type !== 'array') continue;
    for (const item of m.value.items) {
      const g = plain(item) as { matcher?: string; hooks?: { command?: unknown }[] };
      if (Array.isArray(g?.hooks) && g.hooks.length === 1 && isOurCommand(g.hooks[0]?.command))
        out.push({
          event: m.key,
          ...(g.matcher ? { matcher: g.matcher } : {}),
          json: JSON.stringify(g),
        });
    }
  }
  return out;
}

const isOurGroup = (item: JsonNode): boolean => {
  const g = plain(item) as { hooks?: { command?: unknown }[] };
  return Array.isArray(g?.hooks) && g.hooks.length === 1 && isOurCommand(g.hooks[0]?.command);
};

/** Remove every group of ours; then an emptied event list, and an emptied `hooks` object. */
export function removeOurs(text: string): string {
  let removed = false;
  for (;;) {
    const root = parseJson(text);
    const hooks = member(root, 'hooks')?.value;
    if (hooks?.type !== 'object') return text;
    let next: string | undefined;
    for (const [mi, m] of hooks.members.entries()) {
      if (m.value.type !== 'array') continue;
      const idx = m.value.items.findIndex(isOurGroup);
      if (idx < 0) continue;
      next = m.value.items.every(isOurGroup) ? removeAt(text, hooks, mi) : removeAt(text, m.value, idx);
      break;
    }
    if (next === undefined) {
      if (removed && hooks.members.length === 0 && root.type === 'object')
        return removeAt(
          text,
          root,
          root.members.findIndex((m) => m.key === 'hooks'),
        );
      return text;
    }
    text = next;
    removed = true;
  }
}

/** Add our groups (after the user's, in each event's list). */
export function addOurs(text: string, groups: HookGroup[]): string {
  let root = parseJson(text);
  if (root.type !== 'object') throw new Error('the settings file does not hold a JSON object');
  if (!member(root, 'hooks')) {
    const all: Record<string, unknown[]> = {};
    for (const g of groups) {
      all[g.event] ??= [];
      all[g.event]!.push(g.value);
    }
    return appendTo(text, root, all, 'hooks');
  }
  for (const g of groups) {
    const hooks = member(root, 'hooks')!.value;
    if (hooks.type !== 'object') throw new Error('"hooks" in the settings file is not an object');
    const list = member(hooks, g.event)?.value;
    text = list?.type === 'array' ? appendTo(text, list, g.value) : appendTo(text, hooks, [g.value], g.event);
    root = parseJson(text);
  }
  return text;
}

const read = (path: string): string | undefined => (existsSync(path) ? readRegularFile(path) : undefined);

function write(
  path: string,
  before: string | undefined,
  after: string | undefined,
  now: Date,
  linked: boolean,
): string | undefined {
  let backup: string | undefined;
  if (before !== undefined) {
    backup = `${path}.tmo-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, backup);
  }
  if (after === undefined) {
    rmSync(path, { force: true });
    return backup;
  }
  // A settings file that is a link (dotfiles kept in a repository) is written where it leads: the link
  // stays a link. The temporary file sits beside the file it replaces (one file system for the rename),
  // and goes when the rename fails (an immutable file, a read-only directory).
  const real = linked ? realpathSync(path) : path;
  makeDirs(dirname(real));
  const tmp = `${real}.tmo-${process.pid}`;
  try {
    writeFileSync(tmp, after, { mode: before !== undefined ? statSync(real).mode & 0o777 : 0o600 });
    renameSync(tmp, real);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return backup;
}

const isLink = (path: string): boolean =>
  lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;

const TOML_OURS = /^[ \t]*notify[ \t]*=.*"hook",\s*"notify",\s*"--agent",\s*"codex"/;
/** A top-level `notify` key, bare or quoted (`"notify" = …` is the same key in TOML: two would not load). */
const TOML_NOTIFY = /^[ \t]*(?:notify|"notify"|'notify')[ \t]*=/;

/** The top-level lines of a TOML file (before its first table header), with their offsets. */
function topLines(text: string): { line: string; start: number; end: number }[] {
  const out: { line: string; start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(start, end);
    if (/^\s*\[/.test(line)) break;
    out.push({ line, start, end });
    start = end;
  }
  return out;
}

function tomlEdit(text: string, want: string | undefined): { text: string; note?: string } {
  const lines = topLines(text);
  const ours = lines.find((l) => TOML_OURS.test(l.line));
  const theirs = lines.find((l) => TOML_NOTIFY.test(l.line) && !TOML_OURS.test(l.line));
  if (want === undefined) return { text: ours ? text.slice(0, ours.start) + text.slice(ours.end) : text };
  if (theirs)
    return { text, note: 'notify is already set (yours): left as it is; the hooks.json hooks still report' };
  if (ours) return { text: `${text.slice(0, ours.start)}${want}\n${text.slice(ours.end)}` };
  return { text: `${want}\n${text}` };
}

/** Install (or, with `remove`, uninstall) one target. `dryRun` reports without writing. */
export function applyTarget(t: Target, remove: boolean, dryRun: boolean, now = new Date()): Change {
  const before = read(t.path);
  if (remove && before === undefined) return { path: t.path, action: 'absent' };
  const linked = before !== undefined && isLink(t.path);
  let after: string | undefined;
  let note: string | undefined;
  if (t.kind === 'toml') {
    const edit = tomlEdit(before ?? '', remove ? undefined : t.line);
    after = edit.text;
    note = edit.note;
    if (remove && before !== undefined && after === '' && before !== '' && !linked) after = undefined;
  } else if (remove) {
    after = removeOurs(before!);
    // emptied: removed, unless it is a link (its target is the user's, kept as it was left)
    if (after !== before && /^\s*\{\s*\}\s*$/.test(after) && !linked) after = undefined;
  } else {
    const base = before === undefined || before.trim() === '' ? '{}\n' : before;
    const want = new Set(t.groups.map((g) => signature({ event: g.event, json: JSON.stringify(g.value) })));
    const have = oursIn(parseJson(base)).map(signature);
    const same = have.length === want.size && have.every((s) => want.has(s));
    after = same && before !== undefined ? before : addOurs(removeOurs(base), t.groups);
  }
  if (after === before) {
    if (note) return { path: t.path, action: 'skipped', note };
    return { path: t.path, action: remove ? 'absent' : 'unchanged' };
  }
  const action: Action = remove
    ? 'removed'
    : before !== undefined && hasOurs(t, before)
      ? 'updated'
      : 'installed';
  const change: Change = { path: t.path, action };
  if (note) change.note = note;
  if (dryRun) {
    change.note = [note, 'dry run: nothing written'].filter(Boolean).join('; ');
    return change;
  }
  const backup = write(t.path, before, after, now, linked);
  if (backup) change.backup = backup;
  return change;
}

function hasOurs(t: Target, text: string): boolean {
  if (t.kind === 'toml') return topLines(text).some((l) => TOML_OURS.test(l.line));
  try {
    return oursIn(parseJson(text)).length > 0;
  } catch {
    return false;
  }
}

/** What of ours a target holds. */
export function targetStatus(t: Target): TargetStatus {
  const text = read(t.path);
  const status: TargetStatus = {
    path: t.path,
    exists: text !== undefined,
    installed: [],
    missing: [],
    stale: [],
  };
  if (t.kind === 'toml') {
    const lines = topLines(text ?? '');
    const ours = lines.find((l) => TOML_OURS.test(l.line));
    if (ours?.line.trimEnd() === t.line) status.installed.push('notify');
    else if (ours) status.stale.push('notify');
    else status.missing.push('notify');
    if (!ours && lines.some((l) => TOML_NOTIFY.test(l.line)))
      status.note = 'notify is set to a command of yours';
    return status;
  }
  let have: Ours[] = [];
  try {
    have = text === undefined ? [] : oursIn(parseJson(text));
  } catch (error) {
    status.note = (error as Error).message;
  }
  for (const g of t.groups) {
    const name = g.matcher ? `${g.event}:${g.matcher}` : g.event;
    const mine = have.filter((h) => h.event === g.event && (h.matcher ?? '') === (g.matcher ?? ''));
    if (mine.some((h) => h.json === JSON.stringify(g.value))) status.installed.push(name);
    else if (mine.length) status.stale.push(name);
    else status.missing.push(name);
  }
  return status;
}
