import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SendOptions, sendText } from '../../src/send/send.js';
import { isRefusedCodePoint } from '../../src/send/send-validate.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

/**
 * Byte-exactness through real tmux: the pane runs `cat > FILE` on a non-canonical, non-echoing tty (no
 * 4 KiB line limit, CR→LF kept), so FILE holds exactly what the pane received. cat never asks for
 * bracketed paste, so tmux adds no paste markers. After each send FILE must be the previous content plus
 * the text plus "\n" (the Enter) — nothing else, nothing missing.
 */
let t: PrivateTmux;
let dir: string;
let file: string;
let paneId: string;
const opts: SendOptions = { inspect: async () => null, confirmTimeoutMs: 0 };

const read = () => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
let mark = 0;
/** What arrived since the last check must be exactly `text` + the Enter's "\n". */
async function arrives(text: string): Promise<void> {
  const want = Buffer.from(`${text}\n`);
  await waitFor(() => read().length >= mark + want.length, 10_000, 'the text to arrive').catch(
    () => undefined,
  );
  const got = read().subarray(mark);
  mark += got.length;
  expect(got.toString('utf8')).toBe(want.toString('utf8'));
  expect(got.equals(want)).toBe(true);
}

beforeAll(async () => {
  t = privateTmux('tmo-send');
  dir = mkdtempSync(join(tmpdir(), 'tmo-send-'));
  file = join(dir, 'received');
  newSession(t, 'recv', `sh -c 'stty -icanon -echo min 1 time 0; exec cat > ${file}'`);
  paneId = t.tmux('display-message', '-p', '-t', 'recv', '#{pane_id}').trim();
  await waitFor(
    () => t.tmux('display-message', '-p', '-t', paneId, '#{pane_current_command}').trim() === 'cat',
  );
  await waitFor(() => existsSync(file));
});
afterAll(() => {
  t?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sendText delivers byte-exact', () => {
  const cases: [string, string][] = [
    ['a key name', 'Enter'],
    ['a key chord', 'C-c'],
    ['a flag', '-R'],
    ['a trailing semicolon', 'x;'],
    ['a command separator', 'a ; set-option -g @pwned yes'],
    ['quotes, $, backslashes', `'"$HOME\\ \\; \`id\``],
    ['tabs', 'col1\tcol2\t\tcol3'],
    ['Unicode and emoji', 'héllo 中文 👩‍💻 ✓ \u200b'],
    ['several lines', 'line one\n  line two\n\nline four'],
  ];
  for (const [what, text] of cases) {
    it(what, async () => {
      const outcome = await sendText(t.runner, paneId, text, opts);
      expect(outcome.status === 'confirmed' || outcome.status === 'unconfirmed').toBe(true);
      expect(outcome).toMatchObject({ paneId, bytes: Buffer.byteLength(text) });
      await arrives(text);
    });
  }

  it('does not run #(…) or ;-split commands', async () => {
    const marker = join(dir, 'pwned');
    await sendText(t.runner, paneId, `#(touch ${marker})`, opts);
    await arrives(`#(touch ${marker})`);
    expect(existsSync(marker)).toBe(false);
    expect(t.tmux('show-options', '-gqv', '@pwned').trim()).toBe('');
    expect(t.tmux('list-buffers', '-F', '#{buffer_name}').trim()).toBe('');
  });

  it('a 60 KiB message', async () => {
    const text = Array.from({ length: 60 * 16 }, (_, i) => `${String(i).padStart(5, '0')} ${'x'.repeat(58)}`)
      .join('\n')
      .slice(0, 60 * 1024);
    const outcome = await sendText(t.runner, paneId, text, opts);
    expect(outcome.bytes).toBe(60 * 1024);
    await arrives(text);
  });

  it('refuses over-limit and control characters, sending nothing', async () => {
    const big = await sendText(t.runner, paneId, 'y'.repeat(64 * 1024 + 1), opts);
    expect(big).toMatchObject({ status: 'refused', code: 'INVALID_MESSAGE' });
    expect(big.detail).toMatch(/too large: 65537 bytes, the limit is 65536/);
    for (const bad of ['a\u0003b', 'x\u001b[2J', 'cr\r', 'del\u007f', 'nul\u0000']) {
      const o = await sendText(t.runner, paneId, bad, opts);
      expect(o.status).toBe('refused');
      expect(o.detail).toMatch(/control character U\+00/);
    }
    const small = await sendText(t.runner, paneId, 'x', { ...opts, maxBytes: 0 });
    expect(small.status).toBe('refused');
    await sendText(t.runner, paneId, 'END', opts);
    await arrives('END');
  });

  it('property: any allowed string arrives exactly', async () => {
    const char = fc
      .oneof(
        fc.constantFrom('\n', '\t', ';', '#', '$', '\\', '"', "'", '-', '{', '}', '%', '~'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      )
      .filter((s) => [...s].every((c) => !isRefusedCodePoint(c.codePointAt(0) ?? 0)));
    await fc.assert(
      fc.asyncProperty(fc.array(char, { minLength: 1, maxLength: 30 }), async (chars) => {
        const text = chars.join('');
        const o = await sendText(t.runner, paneId, text, { ...opts, enterDelayMs: 20 });
        expect(['confirmed', 'unconfirmed']).toContain(o.status);
        await arrives(text);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('leaves copy mode first', async () => {
    t.tmux('copy-mode', '-t', paneId);
    expect(t.tmux('display-message', '-p', '-t', paneId, '#{pane_in_mode}').trim()).toBe('1');
    await sendText(t.runner, paneId, 'from copy mode', opts);
    await arrives('from copy mode');
    expect(t.tmux('display-message', '-p', '-t', paneId, '#{pane_in_mode}').trim()).toBe('0');
  });

  it('--no-enter pastes without Enter', async () => {
    await sendText(t.runner, paneId, 'no enter', { ...opts, noEnter: true });
    await sendText(t.runner, paneId, ' then enter', opts);
    await arrives('no enter then enter');
  });

  it('does not send when the agent state cannot be read, unless forced', async () => {
    const boom = async () => {
      throw new Error('detector broke');
    };
    const o = await sendText(t.runner, paneId, 'unchecked', { ...opts, inspect: boom });
    expect(o).toMatchObject({ status: 'failed', code: 'INSPECT_FAILED' });
    expect(o.detail).toMatch(/detector broke.*--force/);
    await sendText(t.runner, paneId, 'forced', { ...opts, inspect: boom, force: true });
    await arrives('forced');
  });

  it('fails honestly on a missing target', async () => {
    const o = await sendText(t.runner, '%999', 'hi', opts);
    expect(o).toMatchObject({ status: 'failed', code: 'TARGET_NOT_FOUND' });
    const s = await sendText(t.runner, 'nosuch:win', 'hi', opts);
    expect(s).toMatchObject({ status: 'failed', code: 'TARGET_NOT_FOUND' });
    t.tmux(
      'new-session',
      '-d',
      '-s',
      'dead',
      'true',
      ';',
      'set-option',
      '-t',
      'dead',
      'remain-on-exit',
      'on',
    );
    t.tmux('respawn-pane', '-k', '-t', 'dead', 'true');
    await waitFor(() => t.tmux('display-message', '-p', '-t', 'dead', '#{pane_dead}').trim() === '1');
    const d = await sendText(t.runner, 'dead', 'hi', opts);
    expect(d).toMatchObject({ status: 'failed', code: 'PANE_DEAD' });
  });
});
