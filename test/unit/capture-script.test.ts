import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  capturePlan,
  captureScript,
  earlyCapturePlan,
  hintFile,
  MAX_HINT_FILES,
  readHint,
  splitScript,
  writeHint,
} from '../../src/tmux/capture-script.js';

const state = mkdtempSync(join(tmpdir(), 'tmo-hint-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));
const env = { XDG_STATE_HOME: state };

describe('captures on the snapshot call (capture-script.ts)', () => {
  const plan = { marker: 'tmo-n0nce', ids: ['%1', '%2', '%3'] };

  it('one line a pane, each capture guarded by the pane existing; pane ids only', () => {
    expect(captureScript(plan).split('\n')).toEqual([
      "display-message -p -t %1 'tmo-n0nce #{pane_id}' ; if-shell -F -t %1 '#{pane_id}' 'capture-pane -pJ -t %1'",
      "display-message -p -t %2 'tmo-n0nce #{pane_id}' ; if-shell -F -t %2 '#{pane_id}' 'capture-pane -pJ -t %2'",
      "display-message -p -t %3 'tmo-n0nce #{pane_id}' ; if-shell -F -t %3 '#{pane_id}' 'capture-pane -pJ -t %3'",
      '',
    ]);
    expect(() => captureScript({ marker: 'm', ids: ["%1' ; kill-server ; '"] })).toThrow(/not a pane id/);
  });

  it('splits exactly: a gone pane (empty id) has no screen, ids not asked for are dropped', () => {
    const out = [
      'tmo-n0nce %1\n',
      'line one\n\n  tmo-n0nc\n', // text that looks almost like a marker stays text
      'tmo-n0nce \n', // %2: gone between the listing and its capture
      'tmo-n0nce %9\n',
      'not asked\n',
      'tmo-n0nce %3\n',
      '',
    ].join('');
    expect(splitScript(out, plan)).toEqual(
      new Map([
        ['%1', 'line one\n\n  tmo-n0nc\n'],
        ['%3', ''],
      ]),
    );
    expect(splitScript('', plan)).toEqual(new Map());
  });

  it('keeps a hint per server, rewritten only when it changed; a damaged hint names no bad ids', () => {
    const server = { socketName: 'a/../b' };
    expect(readHint(env, server)).toEqual([]);
    writeHint(env, server, ['%1', '%4'], []);
    expect(readHint(env, server)).toEqual(['%1', '%4']);
    expect(readHint(env, { socketName: 'other' })).toEqual([]);
    expect(hintFile(env, server).startsWith(join(state, 'tmux-orchestrator', 'panes'))).toBe(true);
    expect(hintFile(env, { socketPath: '/tmp/x' })).not.toBe(hintFile(env, { socketName: '/tmp/x' }));
    writeFileSync(hintFile(env, server), '%1\n%2; kill-server\n\n%3\n');
    expect(readHint(env, server)).toEqual(['%1', '%3']);
    writeHint(env, server, ['%5'], ['%1', '%3']);
    expect(readHint(env, server)).toEqual(['%5']);
  });

  it('keeps the newest MAX_HINT_FILES hint files: a new one prunes the oldest', () => {
    const prune = { XDG_STATE_HOME: join(state, 'prune') };
    for (let i = 0; i < MAX_HINT_FILES + 5; i++) {
      writeHint(prune, { socketName: `s${i}` }, ['%1'], []);
      const t = new Date(Date.now() - (MAX_HINT_FILES + 5 - i) * 60_000);
      utimesSync(hintFile(prune, { socketName: `s${i}` }), t, t);
    }
    const dir = join(prune.XDG_STATE_HOME, 'tmux-orchestrator', 'panes');
    expect(readdirSync(dir)).toHaveLength(MAX_HINT_FILES);
    expect(readHint(prune, { socketName: 's0' })).toEqual([]);
    expect(readHint(prune, { socketName: `s${MAX_HINT_FILES + 4}` })).toEqual(['%1']);
  });

  it("the early call's plan is the next look's at that server, once; later looks read the hint anew", () => {
    const server = { socketName: 'plan-test' };
    writeHint(env, server, ['%7'], []);
    const first = earlyCapturePlan(env, server);
    expect(first.ids).toEqual(['%7']);
    expect(first.marker).toMatch(/^tmo-[0-9a-z]{16}$/);
    writeHint(env, server, ['%8'], ['%7']);
    expect(capturePlan(env, { socketName: 'elsewhere' }).ids).toEqual([]);
    expect(capturePlan(env, server)).toBe(first);
    const next = capturePlan(env, server);
    expect(next.ids).toEqual(['%8']);
    expect(next.marker).not.toBe(first.marker);
  });
});
