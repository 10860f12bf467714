/**
 * Hooks end to end: a stand-in agent in a private tmux pane calls `tmo hook …` exactly as Claude Code's
 * hooks do (the hook JSON on stdin, `$TMUX_PANE` and `$TMUX` set by tmux), while its screen stays an idle
 * prompt; the embedded source (what the dashboard and `tmo events` run on) and `tmo explain` see the state
 * the hook reported.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookFile, socketPathFor } from '../../src/agenthooks/paths.js';
import type { TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource, type EmbeddedSource } from '../../src/source/embedded.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, shq, waitFor } from '../helpers/tmux.js';

const tmoBin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

const STAND_IN = `#!/bin/sh
# A stand-in Claude Code: its screen is always the idle prompt; each line typed makes it call its hook.
hook() { printf '%s' "$2" | "$TMO_NODE" "$TMO_BIN" hook "$1" --agent claude; }
printf '\\033[2J\\033[H> \\n'
while IFS= read -r line; do
  printf '\\033[2J\\033[H> \\n'
  case "$line" in
    perm) hook Notification '{"session_id":"s1","hook_event_name":"Notification","notification_type":"permission_prompt","message":"Claude needs your permission to use Bash"}' ;;
    ask) printf '\\033[2J\\033[HBash command\n  rm -rf build\n'; hook Notification '{"session_id":"s1","hook_event_name":"Notification","notification_type":"permission_prompt","message":"Claude needs your permission to use Bash"}' ;;
    prompt) hook UserPromptSubmit '{"session_id":"s1","hook_event_name":"UserPromptSubmit","prompt":"hi"}' ;;
    stop) hook Stop '{"session_id":"s1","hook_event_name":"Stop","stop_hook_active":false}' ;;
    fail) hook StopFailure '{"session_id":"s1","hook_event_name":"StopFailure","error":"API Error: 529 Overloaded"}' ;;
  esac
done
`;

describe('hooks end to end', () => {
  let t: PrivateTmux;
  let dir: string;
  let pane: string;
  let source: EmbeddedSource | undefined;
  const state = process.env['XDG_STATE_HOME']!;

  beforeAll(() => {
    t = privateTmux('tmo-hooks');
    dir = mkdtempSync(join(tmpdir(), 'tmo-hooks-e2e-'));
    const script = join(dir, 'claude');
    writeFileSync(script, STAND_IN);
    chmodSync(script, 0o755);
    newSession(t, 'base', 'sh');
    const env = [`TMO_NODE=${process.execPath}`, `TMO_BIN=${tmoBin}`, `XDG_STATE_HOME=${state}`];
    pane = t
      .tmux(
        'new-window',
        '-d',
        '-P',
        '-F',
        '#{pane_id}',
        '-t',
        'base:',
        '-n',
        'agent',
        ...env.flatMap((e) => ['-e', e]),
        shq(script),
      )
      .trim();
  });
  afterAll(async () => {
    await source?.stop();
    t.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const type = (text: string) => {
    t.tmux('send-keys', '-t', pane, '-l', text);
    t.tmux('send-keys', '-t', pane, 'Enter');
  };

  it('the live source turns a hook event into the state, over a screen that still reads idle', async () => {
    source = createEmbeddedSource({ server: { socketName: t.socketName }, idleDebounceMs: 100 });
    const events: TmoEvent[] = [];
    source.subscribe((e) => events.push(e));
    await source.start();
    const status = (state: string) =>
      waitFor(
        () => events.find((e) => e.type === 'agent.status' && e.paneId === pane && e.state === state),
        10_000,
        `agent ${state} (seen: ${JSON.stringify(events.filter((e) => e.type === 'agent.status'))})`,
      );
    await status('idle');

    events.length = 0;
    type('perm');
    expect(await status('waiting')).toMatchObject({
      reason: 'permission',
      rule: 'hook.claude.Notification.permission_prompt',
    });
    const file = hookFile(
      socketPathFor({ socketName: t.socketName }, { ...process.env, TMUX: '' }),
      process.env,
    );
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!);
    expect(line).toMatchObject({
      pane,
      event: 'Notification',
      agent: 'claude',
      session: 's1',
      type: 'permission_prompt',
    });

    events.length = 0;
    type('stop');
    expect(await status('idle')).toMatchObject({
      rule: expect.stringMatching(/^(hook\.claude\.Stop|claude\.)/),
    });

    events.length = 0;
    type('fail');
    expect(await status('error')).toMatchObject({ rule: 'hook.claude.StopFailure' });
    expect(source.getState().agents[pane]).toMatchObject({ state: 'error', rule: 'hook.claude.StopFailure' });

    events.length = 0;
    type('prompt');
    expect(await status('working')).toMatchObject({ rule: 'hook.claude.UserPromptSubmit' });
  });

  it('tmo explain reads the hook log and says which signal won', async () => {
    // a screen no rule reads: the hook's word stands however old it is
    type('ask');
    const env = { XDG_STATE_HOME: state };
    const res = await waitFor(
      async () => {
        const r = await runCli(['-L', t.socketName, 'explain', pane, '--json'], { env });
        return JSON.parse(r.stdout).state === 'waiting' ? r : undefined;
      },
      10_000,
      'explain to report waiting',
    );
    const json = JSON.parse(res?.stdout ?? '');
    expect(json).toMatchObject({
      state: 'waiting',
      reason: 'permission',
      source: 'hook',
      overruled: expect.stringMatching(/^screen: /),
    });
    expect(json.hook).toMatchObject({ event: 'Notification', detail: 'permission_prompt' });
    expect(json.hook.age).toBeGreaterThanOrEqual(0);
    const text = await runCli(['-L', t.socketName, 'explain', pane], { env });
    expect(text.stdout).toMatch(/^signal {3}hook Notification \(permission_prompt\) .*ago, over screen: /m);
  });

  it('tmo hook exits 0 quietly: outside tmux, with an unusable state dir, with garbage on stdin', async () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{}, '{"hook_event_name":"Stop"}'],
      [
        { TMUX_PANE: '%1', TMUX: '/tmp/tmux-0/x,1,0', XDG_STATE_HOME: '/dev/null/cannot' },
        '{"hook_event_name":"Stop"}',
      ],
      [{ TMUX_PANE: '%1', TMUX: '/tmp/tmux-0/x,1,0', XDG_STATE_HOME: join(dir, 'state') }, 'not json {'],
    ];
    for (const [env, input] of cases) {
      const started = Date.now();
      const r = await runCli(['hook', 'Stop', '--agent', 'claude'], { env, input });
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(Date.now() - started).toBeLessThan(5000);
    }
    // garbage still records the event named on the command line
    const written = readFileSync(hookFile('/tmp/tmux-0/x', { XDG_STATE_HOME: join(dir, 'state') }), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ pane: '%1', event: 'Stop', agent: 'claude' });
  });
});
