import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldLines, readRecentFacts } from '../../src/agenthooks/facts.js';
import { oneShotSignals } from '../../src/agenthooks/gather.js';
import {
  HOOK_FILE_MAX_BYTES,
  hookFile,
  serverKey,
  socketFromTmuxEnv,
  socketPathFor,
} from '../../src/agenthooks/paths.js';
import { appendRecord, buildRecord } from '../../src/agenthooks/record.js';
import { parseSessionFile, readSessionStatus } from '../../src/agenthooks/session-files.js';
import { HookFeed } from '../../src/agenthooks/watch.js';
import type { HookFact } from '../../src/agents/signals.js';
import { waitFor } from '../helpers/tmux.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tmo-hookrec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { TMUX_PANE: '%7', TMUX: '/tmp/tmux-1000/work,4242,3' };

describe('tmo hook records', () => {
  it('takes pane and server from tmux, the rest from the hook JSON', () => {
    const input = JSON.stringify({
      session_id: 'abc',
      hook_event_name: 'Notification',
      notification_type: 'permission_prompt',
      message: 'Claude needs your\npermission to use Bash',
    });
    const r = buildRecord(['Notification', '--agent', 'claude'], input, ENV, 1000);
    expect(r).toEqual({
      v: 1,
      pane: '%7',
      server: '/tmp/tmux-1000/work',
      spid: 4242,
      event: 'Notification',
      agent: 'claude',
      at: 1000,
      session: 'abc',
      message: 'Claude needs your permission to use Bash',
      type: 'permission_prompt',
    });
  });

  it("StopFailure's error, Codex's notify argument, a cut JSON", () => {
    const fail = buildRecord(
      ['StopFailure'],
      '{"hook_event_name":"StopFailure","error":"API Error: 529"}',
      ENV,
    );
    expect(fail).toMatchObject({ event: 'StopFailure', message: 'API Error: 529' });
    const notify = buildRecord(
      [
        'notify',
        '--agent',
        'codex',
        '{"type":"agent-turn-complete","thread-id":"t1","last-assistant-message":"ok"}',
      ],
      '',
      ENV,
    );
    expect(notify).toMatchObject({
      event: 'notify',
      agent: 'codex',
      type: 'agent-turn-complete',
      session: 't1',
    });
    const cut = buildRecord(
      ['PostToolUse'],
      '{"session_id":"s9","hook_event_name":"PostToolUse","tool_response":"aaaa',
      ENV,
    );
    expect(cut).toMatchObject({ event: 'PostToolUse', session: 's9' });
  });

  it('records nothing outside tmux', () => {
    expect(buildRecord(['Stop'], '{}', {})).toBeUndefined();
    expect(buildRecord(['Stop'], '{}', { TMUX_PANE: 'x', TMUX: '/s,1,0' })).toBeUndefined();
  });

  it('appends 0600 lines and rotates past the size bound', () => {
    const file = join(dir, 'hooks', 'k.jsonl');
    const r = buildRecord(['Stop'], '{}', ENV)!;
    appendRecord(file, r);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    appendFileSync(file, 'x'.repeat(HOOK_FILE_MAX_BYTES));
    appendRecord(file, { ...r, event: 'UserPromptSubmit' });
    expect(readFileSync(`${file}.1`, 'utf8').startsWith('{"v":1')).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ event: 'UserPromptSubmit' });
  });

  it('socket paths and file names', () => {
    expect(socketFromTmuxEnv('/tmp/a,b/sock,12,0')).toBe('/tmp/a,b/sock');
    expect(socketPathFor({ socketPath: '/nonexistent/dir/s' })).toBe('/nonexistent/dir/s');
    expect(socketPathFor({}, { TMUX: '/tmp/tmux-5/default,1,0' })).toBe('/tmp/tmux-5/default');
    // A $TMUX_TMPDIR that does not resolve is skipped, as tmux skips it: the socket is in /tmp then.
    expect(
      socketPathFor({ socketName: 'x' }, { TMUX: '/tmp/tmux-5/default,1,0', TMUX_TMPDIR: '/nonexistent' }),
    ).toBe(`${realpathSync('/tmp')}/tmux-${process.getuid?.() ?? 0}/x`);
    expect(serverKey('/tmp/tmux-0/my sock')).toBe('tmp_tmux-0_my_sock');
    expect(hookFile('/tmp/tmux-0/default', { XDG_STATE_HOME: '/st' })).toBe(
      '/st/tmux-orchestrator/hooks/tmp_tmux-0_default.jsonl',
    );
  });
});

describe('facts from the hook file', () => {
  const line = (pane: string, event: string, at: number, type?: string) =>
    `${JSON.stringify({ v: 1, pane, server: '/s', event, agent: 'claude', at, ...(type ? { type } : {}) })}\n`;

  it('the newest fact per pane; a notification that says nothing does not replace a state', () => {
    const facts = new Map<string, HookFact>();
    foldLines(
      line('%1', 'UserPromptSubmit', 1) +
        line('%1', 'Notification', 2, 'permission_prompt') +
        line('%1', 'Notification', 3, 'auth_success') +
        line('%2', 'Stop', 4) +
        'garbage\n',
      facts,
    );
    expect(facts.get('%1')).toMatchObject({
      event: 'Notification',
      detail: 'permission_prompt',
      state: 'waiting',
      reason: 'permission',
    });
    expect(facts.get('%2')).toMatchObject({ event: 'Stop', state: 'idle' });
  });

  it('a one-shot look reads the tail; the live feed follows appends and a rotation', async () => {
    const file = join(dir, 'h.jsonl');
    writeFileSync(file, `${'x'.repeat(100)}\n${line('%1', 'Stop', 1)}`);
    // the tail starts inside the first line (cut: dropped) and holds the whole last one
    expect(readRecentFacts(file, line('%1', 'Stop', 1).length + 5).get('%1')).toMatchObject({
      event: 'Stop',
    });
    expect(readRecentFacts(join(dir, 'missing')).size).toBe(0);
    const seen: string[] = [];
    const feed = new HookFeed(file, (panes) => seen.push(...panes), 50);
    feed.start();
    try {
      expect(feed.facts.get('%1')).toMatchObject({ event: 'Stop' });
      appendFileSync(file, line('%3', 'PreToolUse', 2).slice(0, 20));
      appendFileSync(file, line('%3', 'PreToolUse', 2).slice(20));
      await waitFor(() => feed.facts.get('%3'), 3000, 'the appended fact');
      expect(seen).toContain('%3');
      rmSync(file);
      writeFileSync(file, line('%4', 'StopFailure', 3));
      await waitFor(() => feed.facts.get('%4'), 3000, 'the fact in the new file');
      expect(feed.facts.get('%4')).toMatchObject({ state: 'error' });
    } finally {
      feed.stop();
    }
  });
});

describe("Claude Code's session files", () => {
  it('maps status, needs a status and a time, rejects another pid', () => {
    const text = JSON.stringify({ pid: 42, sessionId: 's', status: 'busy', statusUpdatedAt: 5 });
    expect(parseSessionFile(text, '/x/42.json', 42)).toEqual({
      state: 'working',
      at: 5,
      path: '/x/42.json',
      status: 'busy',
    });
    expect(
      parseSessionFile(JSON.stringify({ pid: 42, status: 'shell', updatedAt: 6 }), 'p', 42),
    ).toMatchObject({ state: 'idle' });
    expect(
      parseSessionFile(JSON.stringify({ pid: 42, status: 'waiting', updatedAt: 6 }), 'p', 42),
    ).toMatchObject({ state: 'waiting' });
    const perm = { pid: 42, status: 'waiting', statusUpdatedAt: 7, waitingFor: 'permission prompt' };
    expect(parseSessionFile(JSON.stringify(perm), 'p', 42)).toMatchObject({
      state: 'waiting',
      reason: 'permission',
      detail: 'permission prompt',
    });
    expect(parseSessionFile(JSON.stringify({ session_id: 's', cwd: '/' }), 'p', 42)).toBeUndefined();
    expect(parseSessionFile(text, 'p', 43)).toBeUndefined();
    expect(parseSessionFile('{', 'p', 42)).toBeUndefined();
  });

  it('finds the file of the first pid that has one, and checks the process start time', () => {
    const me = process.pid;
    const start = readFileSync(`/proc/${me}/stat`, 'latin1');
    const procStart = start.slice(start.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(
      join(dir, `${me}.json`),
      JSON.stringify({ pid: me, status: 'idle', statusUpdatedAt: 9, procStart }),
    );
    expect(readSessionStatus(dir, [1, me])).toMatchObject({ state: 'idle', at: 9 });
    writeFileSync(
      join(dir, `${me}.json`),
      JSON.stringify({ pid: me, status: 'idle', statusUpdatedAt: 9, procStart: '1' }),
    );
    expect(readSessionStatus(dir, [me])).toBeUndefined();
  });

  it('sees a file that appears, and one that goes, at the next look (the listing follows the directory)', () => {
    const pid = 999_999_001; // no such process: no start time to check
    const file = join(dir, `${pid}.json`);
    expect(readSessionStatus(dir, [pid])).toBeUndefined();
    writeFileSync(file, JSON.stringify({ pid, status: 'busy', statusUpdatedAt: 3 }));
    expect(readSessionStatus(dir, [pid])).toMatchObject({ state: 'working', at: 3 });
    writeFileSync(file, JSON.stringify({ pid, status: 'idle', statusUpdatedAt: 4 }));
    expect(readSessionStatus(dir, [pid])).toMatchObject({ state: 'idle', at: 4 });
    rmSync(file);
    expect(readSessionStatus(dir, [pid])).toBeUndefined();
    expect(readSessionStatus(join(dir, 'missing'), [pid])).toBeUndefined();
  });

  it("one-shot signals read each Claude pane's file from one listing of the directory, taken at the first look", () => {
    const sessions = join(dir, 'claude', 'sessions');
    mkdirSync(sessions, { recursive: true });
    const [a, b, late] = [999_999_011, 999_999_012, 999_999_013];
    writeFileSync(
      join(sessions, `${a}.json`),
      JSON.stringify({ pid: a, status: 'busy', statusUpdatedAt: 5 }),
    );
    writeFileSync(
      join(sessions, `${b}.json`),
      JSON.stringify({ pid: b, status: 'idle', statusUpdatedAt: 6 }),
    );
    const env = { HOME: dir, CLAUDE_CONFIG_DIR: join(dir, 'claude'), XDG_STATE_HOME: join(dir, 'state') };
    const signalsFor = oneShotSignals({ socketName: 'tmo-none' }, env);
    expect(signalsFor('%1', 'claude', () => [1, a])?.sessionFile).toMatchObject({ state: 'working', at: 5 });
    // written after the look began: not part of this look (a one-shot is one moment)
    writeFileSync(
      join(sessions, `${late}.json`),
      JSON.stringify({ pid: late, status: 'idle', statusUpdatedAt: 7 }),
    );
    utimesSync(sessions, new Date(Date.now() + 5000), new Date(Date.now() + 5000)); // the directory changed
    expect(signalsFor('%2', 'claude', () => [b])?.sessionFile).toMatchObject({ state: 'idle', at: 6 });
    expect(signalsFor('%3', 'claude', () => [late])).toBeUndefined();
    expect(signalsFor('%4', 'codex', () => [a])).toBeUndefined();
    // the next look lists the directory again, and sees it
    const next = oneShotSignals({ socketName: 'tmo-none' }, env);
    expect(next('%3', 'claude', () => [late])?.sessionFile).toMatchObject({ state: 'idle', at: 7 });
  });

  it('one-shot signals without a sessions directory find no file', () => {
    const env = { HOME: dir, CLAUDE_CONFIG_DIR: join(dir, 'nowhere'), XDG_STATE_HOME: join(dir, 'state') };
    expect(oneShotSignals({ socketName: 'tmo-none' }, env)('%1', 'claude', () => [1])).toBeUndefined();
  });
});
