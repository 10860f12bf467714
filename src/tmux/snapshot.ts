import type { PaneInfo, SessionInfo, Snapshot, WindowInfo } from '../model/types.js';
import { isTmuxError } from './errors.js';
import {
  CLIENT_FORMAT,
  checkIds,
  FormatParseError,
  PANE_FORMAT,
  PANE_LINE_FORMAT,
  type PaneRow,
  parseRecords,
  SESSION_FORMAT,
  toBool,
  toInt,
  toMs,
  VERSION_FORMAT,
  WINDOW_FORMAT,
} from './formats.js';
import { describeServer, type TmuxRunner } from './runner.js';
import { assertSupported } from './version.js';

const listings = (paneFormat: string): readonly string[] => [
  'list-sessions',
  '-F',
  SESSION_FORMAT,
  ';',
  'list-windows',
  '-a',
  '-F',
  WINDOW_FORMAT,
  ';',
  'list-clients',
  '-F',
  CLIENT_FORMAT,
  ';',
  'display-message',
  '-p',
  VERSION_FORMAT,
  ';',
  'list-panes',
  '-a',
  '-F',
  paneFormat,
];

/**
 * The tmux arguments for a whole snapshot in ONE tmux process: every pane of every session (with its
 * window and session), the clients (to tell humans from control clients) and the server version. The
 * panes come last, each with its command read once to the end of the line (see formats.ts).
 */
export const SNAPSHOT_ARGS: readonly string[] = listings(PANE_LINE_FORMAT);
/** The same with every pane's command length-prefixed: exact whatever the names hold, a little slower. */
export const EXACT_SNAPSHOT_ARGS: readonly string[] = listings(PANE_FORMAT);

export interface ParsedSnapshot {
  sessions: SessionInfo[];
  tmuxVersion?: string;
}

/** Build the session → window → pane tree from the output of SNAPSHOT_ARGS. Pure; throws FormatParseError. */
export function parseSnapshot(stdout: string): ParsedSnapshot {
  const sessions = new Map<string, SessionInfo>();
  const windows = new Map<string, WindowInfo>();
  const humanClients = new Map<string, number>();
  let tmuxVersion: string | undefined;

  const expected = new Map<string, number>();
  const seen = new Map<string, number>();
  let inPanes = false;
  for (const record of parseRecords(stdout)) {
    // The pane list comes last: anything after its start is a pane record, or a broken line.
    if (inPanes && record.tag !== 'P' && record.tag !== 'Q')
      throw new FormatParseError('a record after the pane list', JSON.stringify(record.row));
    switch (record.tag) {
      case 'S': {
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
        break;
      }
      case 'W': {
        const r = checkIds(record.row);
        const session = sessions.get(r.session_id);
        if (!session)
          throw new FormatParseError(`window of unknown session ${r.session_id}`, JSON.stringify(r));
        expected.set(r.session_id + r.window_id, toInt(r.window_panes, -1));
        const window: WindowInfo = {
          id: r.window_id,
          index: toInt(r.window_index),
          name: r.window_name,
          active: toBool(r.window_active),
          activity: toMs(r.window_activity),
          panes: [],
        };
        // A window linked into several sessions appears once per session: key by both.
        windows.set(r.session_id + r.window_id, window);
        session.windows.push(window);
        break;
      }
      case 'P':
      case 'Q': {
        inPanes = true;
        const r = checkIds(record.row);
        const key = r.session_id + r.window_id;
        const window = windows.get(key);
        if (!window) throw new FormatParseError(`pane of unknown window ${r.window_id}`, JSON.stringify(r));
        window.panes.push(toPane(r));
        seen.set(key, (seen.get(key) ?? 0) + 1);
        break;
      }
      case 'C':
        if (record.row.client_session && record.row.client_control_mode !== '1') {
          humanClients.set(record.row.client_session, (humanClients.get(record.row.client_session) ?? 0) + 1);
        }
        break;
      case 'V':
        tmuxVersion = record.row.version;
        break;
    }
  }
  // tmux runs the listings back to back, so each window has exactly its window_panes panes listed. A pane
  // command holding a newline would have split a record: a line that is not a record fails above, one
  // that looks like a pane record makes a count wrong here.
  for (const [key, count] of expected)
    if ((seen.get(key) ?? 0) !== count)
      throw new FormatParseError(`window ${key} lists ${seen.get(key) ?? 0} panes, not ${count}`, key);
  const list = [...sessions.values()];
  for (const session of list) {
    session.clients = humanClients.get(session.name) ?? 0;
    session.attached = session.clients > 0;
    session.windows.sort((a, b) => a.index - b.index);
    for (const w of session.windows) w.panes.sort((a, b) => a.index - b.index);
  }
  // By name as tmux orders them (strcmp, not the locale: ICU's collator costs ≈ 7 ms to set up per process).
  list.sort((a, b) => byCodeUnits(a.name, b.name) || toInt(a.id.slice(1)) - toInt(b.id.slice(1)));
  return tmuxVersion === undefined ? { sessions: list } : { sessions: list, tmuxVersion };
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toPane(r: PaneRow): PaneInfo {
  const pane: PaneInfo = {
    id: r.pane_id,
    index: toInt(r.pane_index),
    active: toBool(r.pane_active),
    width: toInt(r.pane_width),
    height: toInt(r.pane_height),
    command: r.pane_current_command,
    pid: toInt(r.pane_pid),
    title: r.pane_title,
    dead: toBool(r.pane_dead),
    inMode: toBool(r.pane_in_mode),
  };
  if (pane.dead && r.pane_dead_status !== '') pane.deadStatus = toInt(r.pane_dead_status);
  return pane;
}

/**
 * Take a snapshot of the whole server in one tmux call. "No server running" is a state
 * (`server.running = false`, no sessions), not an error; other failures throw TmuxError.
 */
export async function takeSnapshot(runner: TmuxRunner): Promise<Snapshot> {
  const socket = describeServer(runner.server);
  try {
    const parsed = await runSnapshot(runner, SNAPSHOT_ARGS, EXACT_SNAPSHOT_ARGS);
    if (parsed.tmuxVersion) assertSupported(parsed.tmuxVersion);
    const server =
      parsed.tmuxVersion === undefined
        ? { running: true, socket }
        : { running: true, socket, tmuxVersion: parsed.tmuxVersion };
    return { takenAt: Date.now(), server, sessions: parsed.sessions };
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER'))
      return { takenAt: Date.now(), server: { running: false, socket }, sessions: [] };
    throw error;
  }
}

/**
 * Run a snapshot listing and parse it; when the output does not parse (a pane's command held a newline,
 * see formats.ts), run the exact listing instead. Both arguments are listings of this module.
 */
export async function runSnapshot(
  runner: TmuxRunner,
  fast: readonly string[],
  exact: readonly string[],
): Promise<ParsedSnapshot> {
  const { stdout } = await runner.run(fast);
  try {
    return parseSnapshot(stdout);
  } catch (error) {
    if (!(error instanceof FormatParseError)) throw error;
    return parseSnapshot((await runner.run(exact)).stdout);
  }
}
