import { describe, expect, it } from 'vitest';
import {
  CLIENT_SPEC,
  encodeRecord,
  FormatParseError,
  PANE_LINE_SPEC,
  PANE_SPEC,
  SEP,
  VERSION_SPEC,
} from '../../src/tmux/formats.js';
import { parseSnapshot } from '../../src/tmux/snapshot.js';
import { DEFAULTS, type Row, tmuxOutput } from '../helpers/tmux-output.js';

const paneLine = (row: Partial<Row>): string => tmuxOutput([row]);
const client = (session: string, control: string) =>
  encodeRecord(CLIENT_SPEC, { client_session: session, client_control_mode: control });

describe('parseSnapshot', () => {
  it('builds the session → window → pane tree with ms times', () => {
    const out = [
      tmuxOutput(
        [
          {},
          { pane_id: '%1', pane_index: '1', pane_active: '0' },
          { window_id: '@1', window_index: '1', window_name: 'two', window_active: '0', pane_id: '%2' },
          {
            session_id: '$1',
            session_name: 'other',
            window_id: '@2',
            pane_id: '%3',
            pane_dead: '1',
            pane_dead_status: '3',
          },
        ],
        [
          client('s', '0'),
          client('s', '1'),
          client('other', '1'),
          encodeRecord(VERSION_SPEC, { version: '3.3a', pid: '99', socket_path: '/tmp/x' }),
        ],
      ),
    ].join('');
    const snap = parseSnapshot(out);
    expect(snap.tmuxVersion).toBe('3.3a');
    expect(snap.sessions.map((s) => s.name)).toEqual(['other', 's']);
    const s = snap.sessions[1]!;
    expect(s).toMatchObject({ id: '$0', created: 1700000000000, attached: true, clients: 1 });
    expect(s.windows.map((w) => w.panes.map((p) => p.id))).toEqual([['%0', '%1'], ['%2']]);
    // Only a control client is attached to "other": not a human.
    expect(snap.sessions[0]).toMatchObject({ attached: false, clients: 0 });
    expect(snap.sessions[0]!.windows[0]!.panes[0]).toMatchObject({ dead: true, deadStatus: 3 });
  });

  it('keeps names with |, :, tabs, quotes, #, spaces and non-ASCII exactly', () => {
    const names = [
      'a|b',
      'x:y',
      'tab\there',
      'new\nline',
      `u${SEP}s`,
      'a\\b',
      `q"u'o`,
      '#{x} #(ls)',
      'sp ace',
      'ünï 日本 🚀',
      'a;b',
    ];
    const out = tmuxOutput(
      names.map((n, i) => ({
        session_id: `$${i}`,
        session_name: n,
        window_name: n,
        window_id: `@${i}`,
        pane_id: `%${i}`,
        pane_title: n,
      })),
    );
    const snap = parseSnapshot(out);
    expect(snap.sessions.map((s) => s.name).sort()).toEqual([...names].sort());
    for (const s of snap.sessions) {
      expect(s.windows[0]!.name).toBe(s.name);
      expect(s.windows[0]!.panes[0]!.title).toBe(s.name);
    }
  });

  it('keeps separators and newlines inside any text field', () => {
    const title = `/tmp/a${SEP}b\nc`;
    const snap = parseSnapshot(paneLine({ pane_title: title, pane_current_command: `x${SEP}\n` }));
    expect(snap.sessions[0]!.windows[0]!.panes[0]).toMatchObject({ title, command: `x${SEP}\n` });
  });

  it('is strict: bad ids, short lines and stray output are errors', () => {
    expect(() => parseSnapshot(paneLine({ pane_id: 'x' }))).toThrow(FormatParseError);
    expect(() => parseSnapshot(paneLine({}).slice(0, 20))).toThrow(FormatParseError);
    expect(() => parseSnapshot(paneLine({}).replace(`${SEP}1${SEP}s\n`, `${SEP}9${SEP}s\n`))).toThrow(
      FormatParseError,
    );
    expect(() => parseSnapshot('garbage line')).toThrow(/unexpected/);
    expect(() => parseSnapshot(`${paneLine({})}junk`)).toThrow(/unexpected/);
  });

  it('reads a command to the end of the line in the line format; a newline in it cannot pass', () => {
    const rows = [{}, { pane_id: '%1', pane_index: '1', pane_current_command: `odd${SEP}name 7` }];
    const snap = parseSnapshot(tmuxOutput(rows, [], PANE_LINE_SPEC));
    expect(snap.sessions[0]!.windows[0]!.panes.map((p) => p.command)).toEqual(['bash', `odd${SEP}name 7`]);
    // A command with a newline splits its record: the rest is a stray line, or a forged record that
    // makes its window's pane count wrong, or a forged other record after the pane list.
    const forged = (rest: string) =>
      tmuxOutput(
        [{}, { pane_id: '%1', pane_index: '1', pane_current_command: `x\n${rest}` }],
        [],
        PANE_LINE_SPEC,
      );
    expect(() => parseSnapshot(forged('plain'))).toThrow(/unexpected/);
    const fakePane = encodeRecord(PANE_LINE_SPEC, { ...DEFAULTS, pane_id: '%9' }).slice(0, -1);
    expect(() => parseSnapshot(forged(fakePane))).toThrow(/lists 3 panes, not 2/);
    const fakeClient = client('s', '0').slice(0, -1);
    expect(() => parseSnapshot(forged(fakeClient))).toThrow(/after the pane list/);
    // The exact format keeps it.
    const exact = tmuxOutput([{ pane_current_command: `x\n${fakePane}` }]);
    expect(parseSnapshot(exact).sessions[0]!.windows[0]!.panes[0]!.command).toBe(`x\n${fakePane}`);
  });

  it('refuses a window whose pane count does not match its listed panes', () => {
    const out = tmuxOutput([{}]).replace(`${SEP}1${SEP}1${SEP}w`, `${SEP}2${SEP}1${SEP}w`);
    expect(out).not.toBe(tmuxOutput([{}]));
    expect(() => parseSnapshot(out)).toThrow(/lists 1 panes, not 2/);
  });

  it('parses empty output as no sessions', () => {
    expect(parseSnapshot('').sessions).toEqual([]);
  });

  it('refuses a pane whose window was never listed', () => {
    const pane = encodeRecord(PANE_SPEC, { ...DEFAULTS });
    expect(() => parseSnapshot(pane)).toThrow(/unknown window/);
  });
});

describe('takeSnapshot with a fake runner', () => {
  const fake = (stdout: string) => ({
    server: { socketName: 'x' },
    run: async () => ({ stdout, stderr: '' }),
  });
  it('refuses a tmux older than 3.2 with a typed error', async () => {
    const { takeSnapshot } = await import('../../src/tmux/snapshot.js');
    const old = encodeRecord(VERSION_SPEC, { version: '3.1c', pid: '1', socket_path: '/s' });
    await expect(takeSnapshot(fake(old))).rejects.toMatchObject({ code: 'TMUX_TOO_OLD' });
    const ok = encodeRecord(VERSION_SPEC, { version: '3.2', pid: '1', socket_path: '/s' });
    await expect(takeSnapshot(fake(ok))).resolves.toMatchObject({
      server: { running: true, tmuxVersion: '3.2', socket: '-L x' },
    });
  });

  it('asks again with the exact format when the line format does not parse', async () => {
    const { takeSnapshot, SNAPSHOT_ARGS, EXACT_SNAPSHOT_ARGS } = await import('../../src/tmux/snapshot.js');
    const command = `x\ny`;
    const calls: (readonly string[])[] = [];
    const runner = {
      server: {},
      run: async (args: readonly string[]) => {
        calls.push(args);
        const spec = args === SNAPSHOT_ARGS ? PANE_LINE_SPEC : PANE_SPEC;
        return { stdout: tmuxOutput([{ pane_current_command: command }], [], spec), stderr: '' };
      },
    };
    const snap = await takeSnapshot(runner);
    expect(calls).toEqual([SNAPSHOT_ARGS, EXACT_SNAPSHOT_ARGS]);
    expect(snap.sessions[0]!.windows[0]!.panes[0]!.command).toBe(command);
  });
});
