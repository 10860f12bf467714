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
const none = { ids: [], pids: [] };

describe('captures on the snapshot call (capture-script.ts)', () => {
  const plan = { marker: 'tmo-n0nce', ids: ['%1', '%2', '%3'], pids: [] };

  it('one line a pane, each capture guarded by the pane existing; pane ids only', () => {
    expect(captureScript(plan).split('\n')).toEqual([
      "display-message -p -t %1 'tmo-n0nce #{pane_id}' ; if-shell -F -t %1 '#{pane_id}' 'capture-pane -pJ -t %1'",
      "display-message -p -t %2 'tmo-n0nce #{pane_id}' ; if-shell -F -t %2 '#{pane_id}' 'capture-pane -pJ -t %2'",
      "display-message -p -t %3 'tmo-n0nce #{pane_id}' ; if-shell -F -t %3 '#{pane_id}' 'capture-pane -pJ -t %3'",
      '',
    ]);
    expect(() => captureScript({ marker: 'm', ids: ["%1' ; kill-server ; '"], pids: [] })).toThrow(
      /not a pane id/,
    );
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
    expect(readHint(env, server)).toEqual(none);
    writeHint(env, server, { ids: ['%1', '%4'], pids: [] }, none);
    expect(readHint(env, server)).toEqual({ ids: ['%1', '%4'], pids: [] });
    expect(readHint(env, { socketName: 'other' })).toEqual(none);
    expect(hintFile(env, server).startsWith(join(state, 'tmux-orchestrator', 'panes'))).toBe(true);
    expect(hintFile(env, { socketPath: '/tmp/x' })).not.toBe(hintFile(env, { socketName: '/tmp/x' }));
    writeFileSync(hintFile(env, server), '%1\n%2; kill-server\n\n%3\n0\n12a\n-4\n77\n99999999999\n');
    expect(readHint(env, server)).toEqual({ ids: ['%1', '%3'], pids: [77] });
    writeHint(env, server, { ids: ['%5'], pids: [40, 41] }, { ids: ['%1', '%3'], pids: [77] });
    expect(readHint(env, server)).toEqual({ ids: ['%5'], pids: [40, 41] });
    // the same panes with other pids is a change too; the same of both is not written again
    writeHint(env, server, { ids: ['%5'], pids: [40, 42] }, { ids: ['%5'], pids: [40, 41] });
    expect(readHint(env, server).pids).toEqual([40, 42]);
    writeFileSync(hintFile(env, server), '%5\n');
    writeHint(env, server, { ids: ['%5'], pids: [40, 42] }, { ids: ['%5'], pids: [40, 42] });
    expect(readHint(env, server)).toEqual({ ids: ['%5'], pids: [] });
  });

  it('keeps the newest MAX_HINT_FILES hint files: a new one prunes the oldest', () => {
    const prune = { XDG_STATE_HOME: join(state, 'prune') };
    for (let i = 0; i < MAX_HINT_FILES + 5; i++) {
      writeHint(prune, { socketName: `s${i}` }, { ids: ['%1'], pids: [] }, none);
      const t = new Date(Date.now() - (MAX_HINT_FILES + 5 - i) * 60_000);
      utimesSync(hintFile(prune, { socketName: `s${i}` }), t, t);
    }
    const dir = join(prune.XDG_STATE_HOME, 'tmux-orchestrator', 'panes');
    expect(readdirSync(dir)).toHaveLength(MAX_HINT_FILES);
    expect(readHint(prune, { socketName: 's0' })).toEqual(none);
    expect(readHint(prune, { socketName: `s${MAX_HINT_FILES + 4}` }).ids).toEqual(['%1']);
  });

  it("the early call's plan is the next look's at that server, once; later looks read the hint anew", () => {
    const server = { socketName: 'plan-test' };
    writeHint(env, server, { ids: ['%7'], pids: [9] }, none);
    const first = earlyCapturePlan(env, server);
    expect(first.ids).toEqual(['%7']);
    expect(first.pids).toEqual([9]);
    expect(first.marker).toMatch(/^tmo-[0-9a-z]{16}$/);
    writeHint(env, server, { ids: ['%8'], pids: [] }, first);
    expect(capturePlan(env, { socketName: 'elsewhere' }).ids).toEqual([]);
    expect(capturePlan(env, server)).toBe(first);
    const next = capturePlan(env, server);
    expect(next.ids).toEqual(['%8']);
    expect(next.marker).not.toBe(first.marker);
  });
});
