import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHint } from '../../src/commands/start-hint.js';
import { shellWord } from '../../src/model/shell-word.js';

describe('the hint for a server that is not running', () => {
  it('quotes a name a shell would split, and keeps a plain one as it is', () => {
    expect(startHint({ socketName: 'work' })).toBe('Start one with: tmux -L work new-session -d -s work');
    expect(startHint({ socketName: 'has space' })).toBe(
      "Start one with: tmux -L 'has space' new-session -d -s work",
    );
    expect(startHint({})).toBe('Start one with: tmux new-session -d -s work');
    expect(shellWord("it's $HOME;x")).toBe(`'it'\\''s $HOME;x'`);
    expect(startHint({ socketName: 'a\nb' })).toContain("-L 'a\\x0ab'"); // shown, never a raw newline
  });

  it('never tells to start tmux over a file: tmux removes what is at the path first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-hint-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'keep me');
    const link = join(dir, 'link');
    symlinkSync(file, link);
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'nothing'), dangling);
    for (const [path, what] of [
      [file, 'a regular file'],
      [link, 'a regular file'],
      [dir, 'a directory'],
      ['/dev/null', 'a device'],
    ] as const) {
      const hint = startHint({ socketPath: path });
      expect(hint).toContain(`${path} is ${what}, not a tmux socket`);
      expect(hint).not.toContain('new-session');
    }
    expect(startHint({ socketPath: dangling })).toBe(
      `Start one with: tmux -S ${dangling} new-session -d -s work`,
    );
    expect(startHint({ socketPath: join(dir, 'new.sock') })).toContain('new-session');
  });
});
