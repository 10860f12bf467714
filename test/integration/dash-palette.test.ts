import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchedules } from '../../src/orchestrate/index.js';
import { orchestrateCommands } from '../../src/store/orchestrate-commands.js';
import { createDashStore, runCommandLine } from '../../src/store/store.js';
import { alive, newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

/** The dashboard's `:` palette drives the same orchestration functions as the CLI, on a real server. */
let t: PrivateTmux;
let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  t = privateTmux('tmo-palette');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-palette-'));
  env = {
    ...process.env,
    XDG_STATE_HOME: join(tmp, 'state'),
    XDG_CONFIG_HOME: join(tmp, 'config'),
    TMUX: '',
  };
  mkdirSync(join(tmp, 'proj'));
  newSession(t, 'keep');
  newSession(t, 'victim');
});

afterAll(async () => {
  // cancel what the test scheduled so no scheduler outlives it
  for (const s of (await listSchedules(env)).schedules)
    if (s.status === 'pending')
      await import('../../src/orchestrate/index.js').then((m) => m.cancelSchedule(s.id, env));
  // The scheduler exits by itself once nothing is pending, writing its log on the way out: stop it first,
  // or the removal below races its last writes (ENOTEMPTY).
  const pidFile = join(tmp, 'state', 'tmux-orchestrator', 'scheduler.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
  await waitFor(() => !(pid > 0 && alive(pid)), 5000, 'the scheduler to exit');
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

function palette() {
  const store = createDashStore();
  for (const c of orchestrateCommands({ runner: t.runner, server: { socketName: t.socketName }, env }))
    store.getState().registerCommand(c);
  return store;
}

describe('dashboard palette: orchestration commands', () => {
  it(':stop kills exactly the named session and says so; errors are messages, not crashes', async () => {
    const store = palette();
    await runCommandLine(store, 'stop victim');
    expect(store.getState().message).toMatch(/^stopped victim/);
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toBe('keep\n');
    await runCommandLine(store, 'stop victim');
    expect(store.getState().message).toMatch(/^error: .*victim/);
    await runCommandLine(store, 'stop');
    expect(store.getState().message).toBe('usage: :stop SESSION');
  });

  it(':schedule needs a selected agent; :schedules lists; :start refuses a bad name', async () => {
    const store = palette();
    await runCommandLine(store, 'schedule 5 check in');
    expect(store.getState().message).toMatch(/select an agent first/);
    const pane = t.tmux('display-message', '-p', '-t', 'keep:0', '#{pane_id}').trim();
    store.setState({ selected: pane });
    await runCommandLine(store, 'schedule 5 report your status');
    expect(store.getState().message).toMatch(new RegExp(`^check-in \\S+ for ${pane.replace('%', '%')} at`));
    await runCommandLine(store, 'schedules');
    expect(store.getState().message).toContain(`→ ${pane}`);
    const pending = (await listSchedules(env)).schedules.filter((s) => s.status === 'pending');
    expect(pending.map((s) => s.note)).toEqual(['report your status']);
    await runCommandLine(store, `start ${join(tmp, 'proj')} --name -bad`);
    expect(store.getState().message).toMatch(/^error: /);
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toBe('keep\n');
  });
});
