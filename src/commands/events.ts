/**
 * `tmo events [--json] [--filter TYPE…] [--session NAME…] [--count N] [--all-output] [--connect URL…]`:
 * the live event stream of the embedded source (or of remote `tmo serve`s with --connect) (pane output of agents' windows; of every window with --all-output),
 * one JSON object per line with --json, readable one-liners otherwise. Runs until SIGINT, SIGTERM, SIGHUP,
 * stdout closing (EPIPE) or N events printed.
 */

import type { AgentTable } from '../agents/rules/types.js';
import { describeConnection, retrySeconds } from '../model/connection.js';
import { EVENT_TYPES, type TmoEvent } from '../model/events.js';
import { openSource } from '../source/open.js';
import type { DataSource } from '../source/types.js';
import { type CommandContext, type CommandModule, err, UsageError } from './context.js';
import { lineBatch } from './line-batch.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(',')).filter(Boolean);

/** Filter types: an exact type (`window.renamed`) or a family (`window`, `window.*`). */
export function typeMatcher(filters: string[]): (type: string) => boolean {
  if (filters.length === 0) return () => true;
  const wanted = filters.map((f) => f.replace(/\.\*$/, ''));
  for (const f of wanted)
    if (!EVENT_TYPES.some((t) => t === f || t.startsWith(`${f}.`)))
      throw new UsageError(`unknown event type "${f}" (one of: ${EVENT_TYPES.join(', ')})`);
  return (type) => wanted.some((f) => type === f || type.startsWith(`${f}.`));
}

/** Keep events of the named sessions (server events always pass; snapshots are cut down). */
export function sessionFilter(names: string[]): (e: TmoEvent) => TmoEvent | null {
  if (names.length === 0) return (e) => e;
  const set = new Set(names);
  return (e) => {
    if (e.type === 'server.up' || e.type === 'server.down') return e;
    if (e.type === 'snapshot')
      return {
        ...e,
        snapshot: { ...e.snapshot, sessions: e.snapshot.sessions.filter((s) => set.has(s.name)) },
      };
    const session = (e as { session?: string; sessionId?: string }).session;
    return session !== undefined && set.has(session) ? e : null;
  };
}

/** What JSON.stringify would escape (a lone surrogate too): text without any of it is shown as it is. */
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** Control characters (escape sequences!) never reach the terminal raw. */
const visible = (text: string, max = 160): string => {
  const s = ESCAPED.test(text) ? JSON.stringify(text).slice(1, -1) : text;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** `HH:MM:SS.mmm` (UTC); the part up to the second is formatted once per second, not once per event. */
let second = Number.NaN;
let secondText = '';
const clock = (time: number): string => {
  const s = Math.floor(time / 1000);
  if (s !== second) {
    second = s;
    secondText = new Date(s * 1000).toISOString().slice(11, 20);
  }
  return `${secondText}${String(time - s * 1000).padStart(3, '0')}`;
};
const where = (e: { session?: string; windowIndex?: number; window?: string }): string =>
  e.session === undefined ? '' : `${visible(e.session, 40)}:${e.windowIndex ?? '?'}`;

export function formatLine(e: TmoEvent): string {
  const head = `${clock(e.time)} ${e.type.padEnd(16)}`;
  switch (e.type) {
    case 'server.up':
      return `${head} tmux ${e.tmuxVersion ?? ''}`.trimEnd();
    case 'server.down':
      return `${head} ${visible(e.reason)}`;
    case 'session.created':
    case 'session.removed':
    case 'session.attached':
    case 'session.detached':
      return `${head} ${visible(e.session, 60)} (${e.sessionId})`;
    case 'session.renamed':
      return `${head} ${visible(e.oldName, 60)} → ${visible(e.session, 60)} (${e.sessionId})`;
    case 'window.created':
    case 'window.removed':
    case 'window.activated':
      return `${head} ${where(e)} ${visible(e.window, 60)} (${e.windowId})`;
    case 'window.renamed':
      return `${head} ${visible(e.session, 40)}:${visible(e.oldName, 60)} → ${visible(e.window, 60)} (window ${e.windowIndex}, ${e.windowId})`;
    case 'pane.output':
      return `${head} ${e.paneId} ${where(e)}${e.lost ? ' (output lost: tmo fell behind)' : ''} "${visible(e.text)}"`;
    case 'agent.status': {
      const reason = e.reason ? ` (${e.reason})` : '';
      return `${head} ${e.paneId} ${where(e)} ${e.kind} ${e.previous ?? '-'} → ${e.state}${reason}`;
    }
    case 'snapshot': {
      const windows = e.snapshot.sessions.reduce((n, s) => n + s.windows.length, 0);
      const panes = e.snapshot.sessions.reduce(
        (n, s) => n + s.windows.reduce((m, w) => m + w.panes.length, 0),
        0,
      );
      const agents = Object.keys(e.agents).length;
      return `${head} ${e.snapshot.sessions.length} sessions, ${windows} windows, ${panes} panes, ${agents} agents`;
    }
  }
}

/**
 * `--connect`: one stderr line per connection change (per host with several servers): `connected`,
 * `reconnecting in 4s: connect ECONNREFUSED …`, `connecting…` (a retry), `disconnected: …`. Stdout stays the
 * pure event stream. The first attempt and a clean stop say nothing.
 */
export function reportConnection(source: DataSource, write: (line: string) => void): () => void {
  const last = new Map<string, string>();
  return source.onConnection(() => {
    const now = Date.now();
    for (const c of source.connections?.() ?? [source.getConnection()]) {
      // An attempt starting says nothing new (its outcome follows): one line per attempt, not two. A retry
      // already due when this runs (a busy machine runs it late) is an attempt starting too.
      const starting =
        c.status === 'connecting' || (c.status === 'reconnecting' && retrySeconds(c, now) === 0);
      if (starting || (c.status === 'closed' && !c.error)) continue;
      const text = describeConnection(c, now);
      if (last.get(c.host ?? '') === text) continue;
      last.set(c.host ?? '', text);
      write(text);
    }
  });
}

async function loadTables(ctx: CommandContext): Promise<AgentTable[] | undefined> {
  try {
    const { loadConfig, tablesFromConfig } = await import('../config/config.js');
    return tablesFromConfig(loadConfig(ctx.env));
  } catch (error) {
    err(ctx, `tmo: config ignored: ${(error as Error).message}`);
    return undefined;
  }
}

export const command: CommandModule = {
  options: {
    json: { type: 'boolean' },
    filter: { type: 'string', multiple: true },
    session: { type: 'string', multiple: true },
    count: { type: 'string' },
    'all-output': { type: 'boolean' },
    connect: { type: 'string', multiple: true },
    'token-file': { type: 'string', multiple: true },
  },
  async run(ctx, args) {
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const matchType = typeMatcher(list(args.values['filter']));
    const bySession = sessionFilter(list(args.values['session']));
    const countText = args.values['count'];
    const count = typeof countText === 'string' ? Number(countText) : Number.POSITIVE_INFINITY;
    if (!(count > 0) || (typeof countText === 'string' && !/^\d+$/.test(countText)))
      throw new UsageError('--count needs a positive whole number');
    const json = args.values['json'] === true;
    const tables = await loadTables(ctx);
    const connect = list(args.values['connect']);
    const files = args.values['token-file'];
    const tokenFiles = Array.isArray(files) ? files.map(String) : []; // paths: never split on commas
    const source = await openSource(ctx, {
      ...(connect.length ? { connect, tokenFiles } : {}),
      ...(tables ? { tables } : {}),
      ...(args.values['all-output'] === true ? { output: 'all' as const } : {}),
      ...(matchType('pane.output') ? {} : { paneOutput: false }),
      warn: (message) => err(ctx, `tmo events: warning: ${message}`),
    });

    if (connect.length) reportConnection(source, (line) => err(ctx, `tmo events: ${line}`));
    let printed = 0;
    let finish: (code: number) => void = () => {};
    const done = new Promise<number>((resolve) => {
      finish = resolve;
    });
    const onError = (error: NodeJS.ErrnoException) => finish(error.code === 'EPIPE' ? 0 : 1);
    ctx.stdout.on('error', onError);
    // A hang-up (its terminal closed) stops it like Ctrl-C, so the hidden session goes with it.
    const stopSignal = () => finish(0);
    for (const signal of SIGNALS) process.once(signal, stopSignal);
    // Lines leave in batches (line-batch.ts): a pane's output may wait up to 25 ms for more.
    const lines = lineBatch((text) => ctx.stdout.write(text));
    source.subscribe((event) => {
      if (printed >= count || !matchType(event.type)) return;
      const e = bySession(event);
      if (!e) return;
      lines.push(json ? JSON.stringify(e) : formatLine(e), event.type === 'pane.output');
      if (++printed >= count) finish(0);
    });
    await source.start();
    const code = await done;
    lines.flush();
    for (const signal of SIGNALS) process.off(signal, stopSignal);
    await source.stop();
    ctx.stdout.off('error', onError);
    return code;
  },
};
