import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPane } from '../../src/agents/inspect.js';
import { sendAnswer, sendText } from '../../src/send/send.js';
import { resolveTarget } from '../../src/tmux/target.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

/** The fake Claude (dist/src/demo/fake-agent.js, built by the global setup) in a private tmux server. */
const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
let t: PrivateTmux;
let dir: string;

const state = async (target: string) => {
  const r = await resolveTarget(t.runner, target);
  return (await inspectPane(t.runner, r.pane))?.state;
};
const start = (name: string, file: string, extra = '') =>
  newSession(t, name, `${process.execPath} ${fake} --kind claude --echo-file ${file} ${extra}`);

beforeAll(async () => {
  t = privateTmux('tmo-send-agent');
  dir = mkdtempSync(join(tmpdir(), 'tmo-send-agent-'));
  start('agent', join(dir, 'agent'), '--work-ms 4000');
  start('asker', join(dir, 'asker'), '--work-ms 100 --ask-permission');
  await waitFor(
    async () => (await state('agent')) === 'idle' && (await state('asker')) === 'idle',
    15_000,
    'idle agents',
  );
});
afterAll(() => {
  t?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sending to an agent', () => {
  it('confirms when the agent turns working; the message arrives exactly', async () => {
    const text = 'fix the "parser"; then run $TESTS\n\tand report back ✓';
    const o = await sendText(t.runner, 'agent', text);
    expect(o).toMatchObject({ status: 'confirmed', detail: 'the claude agent turned working' });
    await waitFor(() => existsSync(join(dir, 'agent')));
    expect(readFileSync(join(dir, 'agent'), 'utf8')).toBe(`${text}\n`);
  });

  it('a message queued while it works is delivered: confirmed as queued, and run after the turn', async () => {
    expect(await state('agent')).toBe('working');
    const o = await sendText(t.runner, 'agent', 'and also the lexer');
    expect(o).toMatchObject({ status: 'confirmed', queued: true });
    expect(o.detail).toMatch(/busy and queued the message/);
    const screen = (await t.runner.run(['capture-pane', '-p', '-t', 'agent'])).stdout;
    expect(screen).toMatch(/> and also the lexer\n.*Press up to edit queued messages/);
    await waitFor(() => readFileSync(join(dir, 'agent'), 'utf8').endsWith('and also the lexer\n'));
    // The queued message runs once the first turn ends: the completion names it.
    await waitFor(
      async () =>
        (await t.runner.run(['capture-pane', '-p', '-t', 'agent'])).stdout.includes(
          'Done: and also the lexer',
        ),
      20_000,
      'the queued message to run',
    );
  });

  it('refuses free text on an open permission dialog; answer closes it', async () => {
    expect((await sendText(t.runner, 'asker', 'run the tests')).status).toBe('confirmed');
    await waitFor(async () => (await state('asker')) === 'waiting', 10_000, 'the permission dialog');
    const refused = await sendText(t.runner, 'asker', 'hello?');
    expect(refused).toMatchObject({ status: 'refused', code: 'DIALOG_OPEN' });
    expect(readFileSync(join(dir, 'asker'), 'utf8')).toBe('run the tests\n');
    const answered = await sendAnswer(t.runner, 'asker', 'yes');
    expect(answered.status).toBe('confirmed');
    await waitFor(async () => (await state('asker')) === 'idle', 10_000, 'idle after the answer');
    expect((await sendAnswer(t.runner, 'asker', '1')).code).toBe('NO_DIALOG');
  });
});
