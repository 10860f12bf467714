import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionInfo, WindowInfo } from '../../src/model/types.js';
import {
  CLIENT_SPEC,
  checkIds,
  encodeRecord,
  FormatParseError,
  PANE_LINE_SPEC,
  PANE_SPEC,
  parseRecords,
  SEP,
  SESSION_SPEC,
  toBool,
  toInt,
  toMs,
  VERSION_SPEC,
  WINDOW_SPEC,
} from '../../src/tmux/formats.js';
import { parseSnapshot } from '../../src/tmux/snapshot.js';

/**
 * The snapshot parse as it was before the single pass: records and rows first (parseRecords, checkIds),
 * then the tree. The single-pass parser must give the same tree, and refuse the same outputs.
 */
function reference(stdout: string) {
  const sessions = new Map<string, SessionInfo>();
  const windows = new Map<string, WindowInfo>();
  const human = new Map<string, number>();
  const expected = new Map<string, number>();
  const seen = new Map<string, number>();
  let tmuxVersion: string | undefined;
  let instance: { pid: number; startTime: number } | undefined;
  let inPanes = false;
  for (const record of parseRecords(stdout)) {
    if (inPanes && record.tag !== 'P' && record.tag !== 'Q') throw new FormatParseError('after', '');
    if (record.tag === 'S') {
      const r = checkIds(record.row);
      sessions.set(r.session_id, {
        id: r.session_id,
        name: r.session_name,
        created: toMs(r.session_created),
        attached: false,
        clients: 0,
        activity: toMs(r.session_activity),
        windows: [],
      });
    } else if (record.tag === 'W') {
      const r = checkIds(record.row);
      const session = sessions.get(r.session_id);
      if (!session) throw new FormatParseError('session', '');
      expected.set(r.session_id + r.window_id, toInt(r.window_panes, -1));
      const w: WindowInfo = {
        id: r.window_id,
        index: toInt(r.window_index),
        name: r.window_name,
        active: toBool(r.window_active),
        activity: toMs(r.window_activity),
        panes: [],
      };
      windows.set(r.session_id + r.window_id, w);
      session.windows.push(w);
    } else if (record.tag === 'P' || record.tag === 'Q') {
      inPanes = true;
      const r = checkIds(record.row);
      const key = r.session_id + r.window_id;
      const w = windows.get(key);
      if (!w) throw new FormatParseError('window', '');
      const dead = toBool(r.pane_dead);
      w.panes.push({
        id: r.pane_id,
        index: toInt(r.pane_index),
        active: toBool(r.pane_active),
        width: toInt(r.pane_width),
        height: toInt(r.pane_height),
        command: r.pane_current_command,
        pid: toInt(r.pane_pid),
        title: r.pane_title,
        dead,
        inMode: toBool(r.pane_in_mode),
        ...(dead && r.pane_dead_status !== '' ? { deadStatus: toInt(r.pane_dead_status) } : {}),
      });
      seen.set(key, (seen.get(key) ?? 0) + 1);
    } else if (record.tag === 'C') {
      const s = record.row.client_session;
      if (s && record.row.client_control_mode !== '1') human.set(s, (human.get(s) ?? 0) + 1);
    } else if (record.tag === 'V') {
      tmuxVersion = record.row.version;
      const pid = toInt(record.row.pid);
      const startTime = toInt(record.row.start_time);
      if (pid > 0 && startTime > 0) instance = { pid, startTime };
    }
  }
  for (const [key, count] of expected)
    if ((seen.get(key) ?? 0) !== count) throw new FormatParseError('count', key);
  const list = [...sessions.values()];
  for (const s of list) {
    s.clients = human.get(s.name) ?? 0;
    s.attached = s.clients > 0;
    s.windows.sort((a, b) => a.index - b.index);
    for (const w of s.windows) w.panes.sort((a, b) => a.index - b.index);
  }
  list.sort(
    (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || toInt(a.id.slice(1)) - toInt(b.id.slice(1)),
  );
  return {
    sessions: list,
    ...(tmuxVersion === undefined ? {} : { tmuxVersion }),
    ...(instance ? { instance } : {}),
  };
}

const outcome = (parse: (s: string) => unknown, stdout: string): unknown => {
  try {
    return { ok: parse(stdout) };
  } catch (error) {
    if (error instanceof FormatParseError) return 'refused';
    throw error;
  }
};

// Names as hostile as tmux lets them be: separators, newlines, digits, non-ASCII, astral characters.
const hostile = fc
  .array(fc.constantFrom('a', 'Z', '1', ' ', SEP, '\n', '\t', 'é', '日', '🚀', '%', '$', '@', '#', ':'), {
    maxLength: 8,
  })
  .map((a) => a.join(''));
const number = fc.oneof(
  fc.nat({ max: 3_000_000_000 }).map(String),
  fc.constantFrom('', '-1', '07', 'x', '1e3'),
);

const output = fc
  .record({
    sessions: fc.array(
      fc.record({
        name: hostile,
        created: number,
        windows: fc.array(
          fc.record({
            name: hostile,
            index: number,
            active: fc.constantFrom('0', '1', '2'),
            panes: fc.array(
              fc.record({
                title: hostile,
                command: hostile,
                pid: number,
                dead: fc.constantFrom('0', '1'),
                status: fc.constantFrom('', '0', '3'),
                index: number,
              }),
              { maxLength: 3 },
            ),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 3 },
    ),
    clients: fc.array(fc.record({ session: hostile, control: fc.constantFrom('0', '1') }), { maxLength: 2 }),
    version: fc.option(fc.record({ pid: number, start: number }), { nil: undefined }),
    line: fc.boolean(),
  })
  .map((o) => {
    const parts: string[] = [];
    const panes: string[] = [];
    let w = 0;
    let p = 0;
    o.sessions.forEach((s, si) => {
      const session_id = `$${si}`;
      parts.push(
        encodeRecord(SESSION_SPEC, {
          session_id,
          session_name: s.name,
          session_created: s.created,
          session_activity: s.created,
        }),
      );
      for (const win of s.windows) {
        const window_id = `@${w++}`;
        parts.push(
          encodeRecord(WINDOW_SPEC, {
            session_id,
            window_id,
            window_index: win.index,
            window_active: win.active,
            window_activity: s.created,
            window_panes: String(win.panes.length),
            window_name: win.name,
          }),
        );
        for (const pane of win.panes)
          panes.push(
            encodeRecord(o.line ? PANE_LINE_SPEC : PANE_SPEC, {
              session_id,
              window_id,
              pane_id: `%${p++}`,
              pane_index: pane.index,
              pane_active: pane.dead,
              pane_width: '80',
              pane_height: pane.index,
              pane_pid: pane.pid,
              pane_dead: pane.dead,
              pane_dead_status: pane.status,
              pane_in_mode: pane.dead,
              pane_title: pane.title,
              pane_current_command: pane.command,
            }),
          );
      }
    });
    for (const c of o.clients)
      parts.push(encodeRecord(CLIENT_SPEC, { client_session: c.session, client_control_mode: c.control }));
    if (o.version)
      parts.push(
        encodeRecord(VERSION_SPEC, {
          version: '3.3a',
          pid: o.version.pid,
          start_time: o.version.start,
          socket_path: '/tmp/s',
        }),
      );
    return [...parts, ...panes].join('');
  });

describe('the single-pass snapshot parse', () => {
  it('gives the records-then-tree parse its exact tree, on outputs with hostile names', () => {
    fc.assert(
      fc.property(output, (stdout) => {
        expect(outcome(parseSnapshot, stdout)).toEqual(outcome(reference, stdout));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what it refused, and accepts what it accepted, with any byte cut, doubled or replaced', () => {
    const edits = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('cut', 'double', 'replace'),
      by: fc.constantFrom(SEP, '\n', 'x', '7', '%', '$'),
    });
    fc.assert(
      fc.property(output, fc.array(edits, { minLength: 1, maxLength: 3 }), (stdout, list) => {
        let s = stdout;
        for (const e of list) {
          const i = s.length === 0 ? 0 : e.at % s.length;
          if (e.kind === 'cut') s = s.slice(0, i) + s.slice(i + 1);
          else if (e.kind === 'double') s = s.slice(0, i) + s.charAt(i) + s.slice(i);
          else s = s.slice(0, i) + e.by + s.slice(i + 1);
        }
        expect(outcome(parseSnapshot, s)).toEqual(outcome(reference, s));
      }),
      { numRuns: 500 },
    );
  });

  it("reads the server's pid and start time from the version record", () => {
    const v = encodeRecord(VERSION_SPEC, {
      version: '3.4',
      pid: '4242',
      start_time: '1700000000',
      socket_path: '/s',
    });
    expect(parseSnapshot(v)).toEqual({
      sessions: [],
      tmuxVersion: '3.4',
      instance: { pid: 4242, startTime: 1700000000 },
    });
    const none = encodeRecord(VERSION_SPEC, {
      version: '3.4',
      pid: '4242',
      start_time: '',
      socket_path: '/s',
    });
    expect(parseSnapshot(none)).toEqual({ sessions: [], tmuxVersion: '3.4' });
  });
});
