import type { SessionInfo, Snapshot, WindowInfo } from '../model/types.js';
import { type CapturePlan, captureScript, ridesAlong, splitScript } from './capture-script.js';
import { isTmuxError } from './errors.js';
import {
  CLIENT_FORMAT,
  FormatParseError,
  PANE_FORMAT,
  PANE_LINE_FORMAT,
  SESSION_FORMAT,
  toInt,
  unescapeOutput,
  VERSION_FORMAT,
  WINDOW_FORMAT,
} from './formats.js';
import { describeServer, type TmuxRunner } from './runner.js';
import { Cursor, readPane, readSession, readWindow } from './snapshot-parse.js';
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
/** The record tags of formats.ts. */
const RECORD_TAGS = ['S', 'W', 'P', 'Q', 'C', 'V'];

/** Which run of a tmux server: its pid and `#{start_time}` (seconds since the epoch). */
export interface ServerInstance {
  pid: number;
  startTime: number;
}

export interface ParsedSnapshot {
  sessions: SessionInfo[];
  /** With a capture plan: the screens of its panes that tmux found (capture-script.ts). */
  screens?: Map<string, string>;
  tmuxVersion?: string;
  /** The server's pid and start time, from the same call (what the state journal is named by). */
  instance?: ServerInstance;
}

/**
 * Build the session → window → pane tree from the output of SNAPSHOT_ARGS (or EXACT_SNAPSHOT_ARGS), in one
 * pass (snapshot-parse.ts). Pure; throws FormatParseError.
 */
export function parseSnapshot(stdout: string): ParsedSnapshot {
  const sessions = new Map<string, SessionInfo>();
  const windows = new Map<string, WindowInfo>();
  const humanClients = new Map<string, number>();
  let tmuxVersion: string | undefined;
  let instance: ServerInstance | undefined;

  const expected = new Map<string, number>();
  const seen = new Map<string, number>();
  let inPanes = false;
  const c: Cursor = new Cursor(unescapeOutput(stdout));
  for (let tag = c.tag(); tag !== ''; tag = c.tag()) {
    // The pane list comes last: anything after its start is a pane record, or a broken line.
    if (inPanes && tag !== 'P' && tag !== 'Q') {
      if (!RECORD_TAGS.includes(tag)) c.fail('unexpected line in tmux output');
      c.fail('a record after the pane list');
    }
    switch (tag) {
      case 'S': {
        const session = readSession(c);
        sessions.set(session.id, session);
        break;
      }
      case 'W': {
        const { sessionId, window, panes } = readWindow(c);
        const session = sessions.get(sessionId);
        if (!session) c.fail(`window of unknown session ${sessionId}`);
        expected.set(sessionId + window.id, panes);
        // A window linked into several sessions appears once per session: key by both.
        windows.set(sessionId + window.id, window);
        session.windows.push(window);
        break;
      }
      case 'P':
      case 'Q': {
        inPanes = true;
        const { key, pane } = readPane(c, tag === 'Q');
        const window = windows.get(key);
        if (!window) c.fail(`pane of unknown window ${key.slice(key.indexOf('@'))}`);
        window.panes.push(pane);
        seen.set(key, (seen.get(key) ?? 0) + 1);
        break;
      }
      case 'C': {
        const session = c.textField('client_session');
        const control = c.fixed('client_control_mode', true);
        if (session && control !== '1') humanClients.set(session, (humanClients.get(session) ?? 0) + 1);
        break;
      }
      case 'V': {
        tmuxVersion = c.fixed('version');
        const pid = toInt(c.fixed('pid'));
        const startTime = toInt(c.fixed('start_time'));
        c.textField('socket_path', true);
        if (pid > 0 && startTime > 0) instance = { pid, startTime };
        break;
      }
      default:
        c.fail('unexpected line in tmux output');
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
  const parsed: ParsedSnapshot = { sessions: list };
  if (tmuxVersion !== undefined) parsed.tmuxVersion = tmuxVersion;
  if (instance) parsed.instance = instance;
  return parsed;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Take a snapshot of the whole server in one tmux call. "No server running" is a state
 * (`server.running = false`, no sessions), not an error; other failures throw TmuxError.
 */
export async function takeSnapshot(runner: TmuxRunner): Promise<Snapshot> {
  return (await takeSnapshotOf(runner)).snapshot;
}

/**
 * takeSnapshot, with the server's instance (pid and start time) the same call read; none without a server.
 * With a capture plan, the same call also captures the plan's panes (`screens`, see capture-script.ts).
 */
export async function takeSnapshotOf(
  runner: TmuxRunner,
  plan?: CapturePlan,
): Promise<{ snapshot: Snapshot; instance?: ServerInstance; screens?: Map<string, string> }> {
  const socket = describeServer(runner.server);
  try {
    const parsed = await runSnapshot(runner, SNAPSHOT_ARGS, EXACT_SNAPSHOT_ARGS, plan);
    if (parsed.tmuxVersion) assertSupported(parsed.tmuxVersion);
    const server =
      parsed.tmuxVersion === undefined
        ? { running: true, socket }
        : { running: true, socket, tmuxVersion: parsed.tmuxVersion };
    const snapshot = { takenAt: Date.now(), server, sessions: parsed.sessions };
    return {
      snapshot,
      ...(parsed.instance ? { instance: parsed.instance } : {}),
      ...(parsed.screens ? { screens: parsed.screens } : {}),
    };
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER'))
      return { snapshot: { takenAt: Date.now(), server: { running: false, socket }, sessions: [] } };
    throw error;
  }
}

/** The arguments of a snapshot listing that also runs a capture script from stdin. */
export const withScript = (listing: readonly string[]): string[] => [...listing, ';', 'source-file', '-'];

/**
 * Run a snapshot listing and parse it; when the output does not parse (a pane's command held a newline,
 * see formats.ts), run the exact listing instead. Both arguments are listings of this module. With a
 * plan of panes to capture that rides along (capture-script.ts), the first call runs its script too (a
 * call that fails for another reason than a missing server is asked again without it: what the snapshot
 * says never depends on the plan).
 */
export async function runSnapshot(
  runner: TmuxRunner,
  fast: readonly string[],
  exact: readonly string[],
  plan?: CapturePlan,
): Promise<ParsedSnapshot> {
  let stdout: string;
  let screens: Map<string, string> | undefined;
  if (plan && ridesAlong(plan)) {
    try {
      const out = (await runner.run(withScript(fast), { input: captureScript(plan) })).stdout;
      // The listing ends where the first marker starts: no name or title can hold the nonce.
      const cut = out.indexOf(`${plan.marker} `);
      stdout = cut === -1 ? out : out.slice(0, cut);
      screens = cut === -1 ? new Map() : splitScript(out.slice(cut), plan);
    } catch (error) {
      if (isTmuxError(error, 'NO_SERVER') || isTmuxError(error, 'TMUX_MISSING')) throw error;
      stdout = (await runner.run(fast)).stdout;
    }
  } else stdout = (await runner.run(fast)).stdout;
  let parsed: ParsedSnapshot;
  try {
    parsed = parseSnapshot(stdout);
  } catch (error) {
    if (!(error instanceof FormatParseError)) throw error;
    parsed = parseSnapshot((await runner.run(exact)).stdout);
  }
  if (screens) parsed.screens = screens;
  return parsed;
}
