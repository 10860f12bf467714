import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gather } from '../../src/commands/gather.js';
import type { AgentStatus } from '../../src/model/types.js';
import { capturePanes } from '../../src/tmux/capture.js';
import { BESIDE_CHUNK, RIDE_LIMIT, readHint, writeHint } from '../../src/tmux/capture-script.js';
import { ProcessRunner, type RunOptions, type TmuxRunner } from '../../src/tmux/runner.js';
import { takeSnapshotOf } from '../../src/tmux/snapshot.js';
import { type PrivateTmux, paneScreen, privateTmux } from '../helpers/tmux.js';

/** Counts the tmux processes a piece of work starts. */
const counted = (inner: TmuxRunner) => {
  const runner = {
    server: inner.server,
    calls: 0,
    /** Each call's first tmux command, in the order they were made. */
    order: [] as string[],
    run(args: readonly string[], options?: RunOptions) {
      runner.calls++;
      runner.order.push(args[0] ?? '');
      return inner.run(args, options);
    },
  };
  return runner;
};

const agent = (text: string) => `bash -c 'printf "\\n${text}\\n> \\n"; exec -a claude sleep 600'`;
const shell = (text: string) => `bash -c 'printf "${text}\\n"; exec sleep 600'`;

/** What a look decided per pane, without `since` (each look's own journal dates it). */
const decided = (agents: Record<string, AgentStatus>) =>
  Object.fromEntries(Object.entries(agents).map(([id, { since: _, ...rest }]) => [id, rest]));

describe('captures riding on the snapshot call (real tmux)', () => {
  let t: PrivateTmux;
  const dirs: string[] = [];
  const stateHome = () => {
    const d = mkdtempSync(join(tmpdir(), 'tmo-ride-'));
    dirs.push(d);
    return { XDG_STATE_HOME: d };
  };
  beforeAll(async () => {
    t = privateTmux('tmo-ride');
    t.tmux('new-session', '-d', '-s', 'one', '-x', '80', '-y', '12', agent('first agent'));
    t.tmux('new-window', '-d', '-t', 'one:', shell('plain shell one'));
    t.tmux('new-window', '-d', '-t', 'one:', agent('second agent'));
    await paneScreen(t, 'one:2').shows('second agent');
  });
  afterAll(() => {
    t.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('one call: the same snapshot, and the same screens as capturePanes for the planned panes still there', async () => {
    const ids = t.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    const gone = t.tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'one:', 'sleep 600').trim();
    t.tmux('kill-pane', '-t', gone);
    const runner = counted(t.runner);
    const taken = await takeSnapshotOf(runner, {
      marker: 'tmo-0123456789abcdef',
      ids: [ids[0]!, gone, ids[2]!],
      pids: [],
    });
    expect(runner.calls).toBe(1);
    const plain = await takeSnapshotOf(t.runner);
    expect(taken.snapshot.sessions).toEqual(plain.snapshot.sessions);
    expect(taken.instance).toEqual(plain.instance);
    expect([...taken.screens!.keys()]).toEqual([ids[0], ids[2]]);
    expect(taken.screens).toEqual(await capturePanes(t.runner, [ids[0]!, ids[2]!]));
    expect(taken.screens!.get(ids[2]!)).toContain('second agent');
  });

  it('many hinted panes: their captures run beside the snapshot call, in chunks, seen alike', async () => {
    const env = stateHome();
    const live = t.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    const gone = Array.from({ length: RIDE_LIMIT }, (_, i) => `%${90_000 + i}`);
    const hinted = [...gone, ...live];
    writeHint(env, t.runner.server, { ids: hinted, pids: [] }, { ids: [], pids: [] });
    const runner = counted(t.runner);
    const got = await gather(runner, env);
    expect(runner.calls).toBe(1 + Math.ceil(hinted.length / BESIDE_CHUNK)); // the snapshot, the chunks
    // the snapshot asked first: tmux answers its clients in the order they ask, and all else waits for it
    expect(runner.order[0]).toBe('list-sessions');
    expect(runner.order.slice(1).every((c) => c === 'source-file')).toBe(true);
    const fresh = await gather(t.runner, stateHome());
    expect(decided(got.agents)).toEqual(decided(fresh.agents));
    expect(Object.keys(got.agents).length).toBeGreaterThan(0);
    // only the panes whose screen can tell anything are captured: not `sleep` with nothing under it
    const agents = t
      .tmux('list-panes', '-a', '-F', '#{pane_id} #{pane_current_command}')
      .trim()
      .split('\n')
      .filter((l) => l.endsWith(' claude'))
      .map((l) => l.split(' ')[0]);
    expect(agents).toHaveLength(2);
    expect(readHint(env, t.runner.server).ids).toEqual(agents);
  });

  it('a chunk of captures whose call fails loses nothing: its live panes are captured again', async () => {
    const env = stateHome();
    const live = t.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    const gone = Array.from({ length: RIDE_LIMIT }, (_, i) => `%${90_000 + i}`);
    // The live panes are in the last chunk; every call of a capture script fails once.
    writeHint(env, t.runner.server, { ids: [...gone, ...live], pids: [] }, { ids: [], pids: [] });
    let failed = 0;
    const runner = {
      server: t.runner.server,
      run(args: readonly string[], options?: RunOptions) {
        if (args[0] === 'source-file') {
          failed++;
          return Promise.reject(new Error('that call failed'));
        }
        return t.runner.run(args, options);
      },
    };
    const got = await gather(runner, env);
    expect(failed).toBe(Math.ceil((gone.length + live.length) / BESIDE_CHUNK));
    const fresh = await gather(t.runner, stateHome());
    expect(decided(got.agents)).toEqual(decided(fresh.agents));
    expect(Object.keys(got.agents)).toHaveLength(2);
  });

  it('no server: a flagged empty snapshot, the script tmux never read (beyond a pipe buffer) no failure', async () => {
    const none = new ProcessRunner({ socketName: `tmo-none-${process.pid}` });
    const ids = Array.from({ length: 5000 }, (_, i) => `%${i}`);
    const taken = await takeSnapshotOf(none, { marker: 'tmo-0123456789abcdef', ids, pids: [] });
    expect(taken.snapshot.server.running).toBe(false);
    expect(taken.snapshot.sessions).toEqual([]);
  });

  it('status: a pane that vanished or appeared since the last look is seen as without a hint', async () => {
    const env = stateHome();
    const first = counted(t.runner);
    const before = await gather(first, env);
    expect(first.calls).toBe(2); // no hint yet: the snapshot, then the captures
    expect(Object.keys(before.agents)).toHaveLength(2);
    const hinted = readHint(env, t.runner.server).ids;
    expect(hinted).toHaveLength(2); // the two agents; the `sleep` pane's screen can tell nothing
    // …and the pids of the panes whose process trees it read, read ahead by the next look (proc-ahead.ts)
    const pids = t.tmux('list-panes', '-a', '-F', '#{pane_pid}').trim().split('\n').map(Number);
    expect(readHint(env, t.runner.server).pids.sort()).toEqual(pids.sort());

    // The first agent goes, a new one comes (a pane id never seen), between two looks.
    t.tmux('kill-pane', '-t', 'one:0');
    const added = t.tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'one:', agent('third agent'));
    await paneScreen(t, added.trim()).shows('third agent');
    const second = counted(t.runner);
    const after = await gather(second, env);
    expect(second.calls).toBe(2); // the snapshot with the hinted panes' captures, then the new pane's
    const fresh = await gather(t.runner, stateHome());
    expect(decided(after.agents)).toEqual(decided(fresh.agents));
    expect(Object.keys(after.agents)).toHaveLength(2);
    expect(Object.keys(after.agents)).not.toContain(hinted[0]);
    expect(Object.keys(after.agents)).toContain(added.trim());
    expect(readHint(env, t.runner.server).ids).not.toEqual(hinted);

    // Nothing changed since: one tmux call does it all.
    const third = counted(t.runner);
    const again = await gather(third, env);
    expect(third.calls).toBe(1);
    expect(decided(again.agents)).toEqual(decided(fresh.agents));
  });
});
