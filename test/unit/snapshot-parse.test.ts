import { describe, expect, it } from 'vitest';
import {
  CLIENT_SPEC,
  encodeRecord,
  FormatParseError,
  PANE_SPEC,
  SEP,
  SESSION_SPEC,
  VERSION_SPEC,
  WINDOW_SPEC,
} from '../../src/tmux/formats.js';
import { parseSnapshot } from '../../src/tmux/snapshot.js';

type Row = Record<string, string>;
const DEFAULTS: Row = {
  session_id: '$0',
  session_name: 's',
  session_created: '1700000000',
  session_activity: '1700000100',
  window_id: '@0',
  window_index: '0',
  window_name: 'w',
  window_active: '1',
  window_activity: '1700000050',
  pane_id: '%0',
  pane_index: '0',
  pane_active: '1',
  pane_width: '80',
  pane_height: '24',
  pane_pid: '42',
  pane_dead: '0',
  pane_dead_status: '',
  pane_in_mode: '0',
  pane_current_command: 'bash',
  pane_title: 't',
};
/** tmux output for these panes: one S record per session, one W per window, one P per pane. */
const tmuxOutput = (rows: Partial<Row>[]): string => {
  const full = rows.map((r) => ({ ...DEFAULTS, ...r }) as Row);
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  return [
    ...full.filter((r) => once(`S${r['session_id']}`)).map((r) => encodeRecord(SESSION_SPEC, r)),
    ...full
      .filter((r) => once(`W${r['session_id']}${r['window_id']}`))
      .map((r) => encodeRecord(WINDOW_SPEC, r)),
    ...full.map((r) => encodeRecord(PANE_SPEC, r)),
  ].join('');
};
const paneLine = (row: Partial<Row>): string => tmuxOutput([row]);
const client = (session: string, control: string) =>
  encodeRecord(CLIENT_SPEC, { client_session: session, client_control_mode: control });

describe('parseSnapshot', () => {
  it('builds the session → window → pane tree with ms times', () => {
    const out = [
      tmuxOutput([
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
      ]),
      client('s', '0'),
      client('s', '1'),
      client('other', '1'),
      encodeRecord(VERSION_SPEC, { version: '3.3a', pid: '99', socket_path: '/tmp/x' }),
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
    const out = names
      .map((n, i) =>
        paneLine({
          session_id: `$${i}`,
          session_name: n,
          window_name: n,
          window_id: `@${i}`,
          pane_id: `%${i}`,
          pane_title: n,
        }),
      )
      .join('');
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
});
