/**
 * Writes one real-agent fixture pair in the shared format (see `test/fixtures/real/`):
 * `test/fixtures/real/<cli>/<version>/<scenario>.txt` — the screen exactly as `tmux capture-pane -p -J`
 * printed it — and `<scenario>.json` beside it with the expected state (from what the scenario did, never
 * from our classifier), the pane title, command, process tree, size and how it was recorded.
 *
 * Paths of the recording machine never land in a fixture: the lab cache, the repo and the real home are
 * replaced by `$TMO_LAB_CACHE`, `$REPO` and `~` in every string (screens included).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labCache } from './install.js';

export type ExpectedState = 'working' | 'waiting' | 'idle' | 'error' | 'exited';
export type WaitingReason = 'permission' | 'question' | 'trust' | 'plan' | 'confirm' | 'login';

export interface Expected {
  state: ExpectedState;
  reason?: WaitingReason;
  /** A dialog's option labels, in order. */
  options?: string[];
  /** A substring of the error message. */
  message?: string;
}

export interface Fixture {
  cli: string;
  version: string;
  scenario: string;
  expected: Expected;
  title: string;
  command: string;
  processTree: string[];
  width: number;
  height: number;
  recordedWith: string;
  notes?: string;
}

/** The repo root: the nearest folder above this module holding package.json (works from lab/ and dist/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || /\/dist$/.test(dir)) {
    const up = dirname(dir);
    if (up === dir) throw new Error('lab: no package.json above lab/core');
    dir = up;
  }
  return dir;
}

/** Replace the recording machine's own paths by placeholders. */
export function sanitize(text: string): string {
  const pairs: [string, string][] = [
    [labCache(), '$TMO_LAB_CACHE'],
    [repoRoot(), '$REPO'],
    [homedir(), '~'],
  ];
  let out = text;
  for (const [from, to] of pairs) if (from.length > 1) out = out.split(from).join(to);
  return out;
}

/** Write the pair; returns the .txt path. */
export function writeFixture(f: Fixture, screen: string): string {
  const dir = join(repoRoot(), 'test', 'fixtures', 'real', f.cli, f.version);
  mkdirSync(dir, { recursive: true });
  const clean: Fixture = {
    ...f,
    title: sanitize(f.title),
    command: sanitize(f.command),
    processTree: f.processTree.map(sanitize),
    ...(f.notes ? { notes: sanitize(f.notes) } : {}),
  };
  const txt = join(dir, `${f.scenario}.txt`);
  writeFileSync(txt, sanitize(screen));
  writeFileSync(join(dir, `${f.scenario}.json`), `${JSON.stringify(clean, null, 2)}\n`);
  return txt;
}

/** Read a recorded pair back (for tools and tests). */
export function readFixture(txtPath: string): { fixture: Fixture; screen: string } {
  return {
    screen: readFileSync(txtPath, 'utf8'),
    fixture: JSON.parse(readFileSync(txtPath.replace(/\.txt$/, '.json'), 'utf8')) as Fixture,
  };
}
