import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../src/tmux/snapshot.js';
import { newSession, type PrivateTmux, privateTmux } from '../helpers/tmux.js';

describe('takeSnapshot on a real tmux server', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-snap');
  });
  afterAll(() => t.kill());

  it('reports a server that is not running as a state, not an error', async () => {
    const snap = await takeSnapshot(t.runner);
    expect(snap.server).toMatchObject({ running: false, socket: `-L ${t.socketName}` });
    expect(snap.sessions).toEqual([]);
  });

  it('reads hostile names exactly, in one tmux call', async () => {
    // tmux itself turns ':' and '.' in session names into '_'; everything else must survive.
    const sessionNames = ['pipe|name', 'quote"s\'', 'hash#x', 'sp ace', 'ünï日本🚀', '-dash', 'semi;colon'];
    for (const name of sessionNames) newSession(t, name);
    const windowNames = [
      'a|b:c',
      'devops',
      'x;y',
      'tab\there',
      'new\nline',
      'unit\x1fsep',
      '#[fg=red]styled',
      '🚀 rocket',
      '--flag',
      'back\\slash',
    ];
    const first = sessionNames[0]!;
    // new-window -n keeps raw control characters (even newlines and our field separator).
    for (const name of windowNames) t.tmux('new-window', '-d', '-t', `=${first}:`, '-n', name);
    let calls = 0;
    const counting = {
      server: t.runner.server,
      run: (args: readonly string[]) => {
        calls++;
        return t.runner.run(args);
      },
    };
    const snap = await takeSnapshot(counting);
    expect(calls).toBe(1);
    expect(snap.server.running).toBe(true);
    expect(snap.server.tmuxVersion).toMatch(/^\d+\.\d+/);
    expect(snap.sessions.map((s) => s.name).sort()).toEqual([...sessionNames].sort());
    const session = snap.sessions.find((s) => s.name === first)!;
    const names = session.windows.map((w) => w.name);
    expect(names.slice(1)).toEqual(windowNames);
    expect(session.windows.map((w) => w.index)).toEqual(
      windowNames
        .map((_, i) => i)
        .concat(windowNames.length)
        .slice(0, windowNames.length + 1),
    );
    for (const s of snap.sessions) {
      expect(s.id).toMatch(/^\$\d+$/);
      expect(s.attached).toBe(false);
      for (const w of s.windows)
        for (const p of w.panes) {
          expect(p.id).toMatch(/^%\d+$/);
          expect(p.pid).toBeGreaterThan(0);
          expect(p.width).toBe(120);
        }
    }
  });

  it('reads a pane command holding a newline and a forged record exactly (asks twice then)', async () => {
    // A process can name itself anything; tmux prints pane_current_command raw.
    const forged = `evil\nQ${'\x1f'}$0${'\x1f'}@0${'\x1f'}%99`;
    // bash names the process after $0 (tmux execs the words directly: no shell of the user's in between).
    t.tmux('new-session', '-d', '-s', 'argv0', 'bash', '-c', 'exec -a "$0" sleep 100', forged);
    const calls: string[] = [];
    const counting = {
      server: t.runner.server,
      run: (args: readonly string[]) => {
        calls.push(args.at(-1) ?? '');
        return t.runner.run(args);
      },
    };
    let command = '';
    for (let i = 0; i < 100 && command !== forged; i++) {
      calls.length = 0;
      const snap = await takeSnapshot(counting);
      command = snap.sessions.find((s) => s.name === 'argv0')?.windows[0]?.panes[0]?.command ?? '';
      if (command !== forged) await new Promise((r) => setTimeout(r, 20));
    }
    expect(command).toBe(forged);
    expect(calls).toHaveLength(2); // the line format broke on the newline; the exact one read it
    const plain = await takeSnapshot(t.runner);
    expect(plain.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes)).map((p) => p.id)).not.toContain(
      '%99',
    );
  });
});
