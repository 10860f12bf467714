import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchedules } from '../../src/orchestrate/index.js';
import { daemonPid as runningScheduler } from '../../src/orchestrate/scheduler.js';
import { orchestrateCommands } from '../../src/store/orchestrate-commands.js';
import { createDashStore, runCommandLine } from '../../src/store/store.js';
import { alive, newSession, type PrivateTmux, privateTmux, shq, waitFor } from '../helpers/tmux.js';

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
  // Only the scheduler itself: once it has exited its pid may be another process's (pids go round).
  const pid = (await runningScheduler(join(tmp, 'state', 'tmux-orchestrator'))) ?? 0;
  if (pid > 0) process.kill(pid, 'SIGKILL');
  await waitFor(() => !(pid > 0 && alive(pid)), 5000, 'the scheduler to exit');
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * The fake Claude as a one-word agent command (the palette splits its line at spaces, so a command with
 * arguments cannot be given): a script that execs it, echoing what it is sent into `echo`.
 */
function fakeAgentScript(echo: string): string {
  const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
  const script = join(tmp, `fake-claude-${Math.random().toString(36).slice(2, 8)}`);
  const argv = [process.execPath, fake, '--kind', 'claude', '--work-ms', '100', '--echo-file', echo];
  writeFileSync(script, `#!/bin/sh\nexec ${argv.map(shq).join(' ')}\n`);
  chmodSync(script, 0o755);
  return script;
}

/** Every status-line message a command line shows while it runs, in order. */
async function messagesOf(store: ReturnType<typeof palette>, line: string): Promise<string[]> {
  const seen: string[] = [];
  const off = store.subscribe((s) => {
    if (s.message !== undefined && s.message !== seen[seen.length - 1]) seen.push(s.message);
  });
  try {
    await runCommandLine(store, line);
  } finally {
    off();
  }
  return seen;
}

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

  it(':start shows progress at once and succeeds; :deploy says which window; :cancel cancels', async () => {
    const store = palette();
    const proj = join(tmp, 'p7dir');
    mkdirSync(proj);
    const echo = join(tmp, 'p7-brief.txt');
    const agent = fakeAgentScript(echo);
    const started = await messagesOf(store, `start ${proj} --name p7 --agent ${agent}`);
    expect(started[0]).toBe('starting p7: waiting for the agent to be ready…');
    expect(started.at(-1)).toMatch(/^started p7 \(\$\d+\) in .*p7dir$/);
    await waitFor(
      () => existsSync(echo) && readFileSync(echo, 'utf8').includes('p7'),
      10_000,
      'the briefing',
    );
    const deployed = await messagesOf(store, `deploy p7 --agent ${agent} --timeout 20`);
    expect(deployed[0]).toBe('deploying a project manager in p7: waiting for the agent to be ready…');
    expect(deployed.at(-1)).toMatch(/^deployed Project-Manager in p7: window 3 \(@\d+, pane %\d+\)$/);

    const pane = t.tmux('display-message', '-p', '-t', '=p7:0', '#{pane_id}').trim();
    store.setState({ selected: pane });
    await runCommandLine(store, 'schedule 30 later');
    const id = store.getState().message?.match(/^check-in (\S+) for/)?.[1] ?? '?';
    await runCommandLine(store, `cancel ${id}`);
    expect(store.getState().message).toBe(`cancelled ${id}`);
    expect((await listSchedules(env)).schedules.find((s) => s.id === id)?.status).toBe('cancelled');
    await runCommandLine(store, `cancel ${id}`);
    expect(store.getState().message).toMatch(new RegExp(`^error: check-in ${id} is not pending`));
    await runCommandLine(store, 'stop p7');
    expect(store.getState().message).toMatch(/^stopped p7/);
  });

  it(':start that times out leads with what was left and how to remove it; no flag it lacks', async () => {
    const store = palette();
    const proj = join(tmp, 'slowdir');
    mkdirSync(proj);
    // `cat` runs but is no agent: never ready.
    await runCommandLine(store, `start ${proj} --name slow --agent cat --timeout 0.3`);
    const message = store.getState().message ?? '';
    expect(message).toMatch(/^session slow left for a look: :stop slow — the agent was not ready after 0.3s/);
    expect(message).not.toContain('\n');
    await runCommandLine(store, 'start x --timeout soon');
    expect(store.getState().message).toMatch(/^error: --timeout must be a number of seconds/);
    await runCommandLine(store, 'stop slow');
    expect(store.getState().message).toMatch(/^stopped slow/);
  });
});
