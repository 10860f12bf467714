/**
 * `tmo explain <target> [--json]`: which agent kind a pane is, its state, and why (which rule, which line).
 */
import { explainPane } from '../agents/inspect.js';
import type { Fused } from '../agents/signals.js';
import { ConfigError, loadConfig, tablesFromConfig } from '../config/config.js';
import { printable } from '../model/printable.js';
import { resolveTarget } from '../tmux/target.js';
import { type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';
import { paneSince } from './gather.js';

const VIA: Record<string, string> = {
  command: 'pane command',
  process: 'process tree',
  title: 'pane title',
  screen: 'screen',
};

export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx, args) {
    const target = args.positionals[0];
    if (target === undefined || args.positionals.length > 1)
      throw new UsageError('usage: tmo explain <target> [--json]  (target: %id or session:window[.pane])');
    let tables: ReturnType<typeof tablesFromConfig>;
    try {
      tables = tablesFromConfig(loadConfig(ctx.env));
    } catch (error) {
      if (error instanceof ConfigError) {
        err(ctx, error.message);
        return EXIT.failure;
      }
      throw error;
    }
    const t = await resolveTarget(ctx.runner, target);
    const verdict = await explainPane(ctx.runner, t.pane, {
      tables,
      ...(t.windowPanes === 1 ? { windowOutputAt: t.windowActivity } : {}),
    });
    const where = printable(`${t.sessionName}:${t.windowName}.${t.pane.index}`);
    // `since` as status gives it: the state journal's, else dated as a first sight (gather.ts).
    const s = verdict && (await paneSince(ctx.runner, ctx.env, t.paneId, verdict.status, t.windowActivity));
    const d = verdict?.detection;
    const c = verdict?.classification as Fused | undefined;
    const now = Date.now();
    if (args.values['json'] === true) {
      printJson(ctx, {
        target,
        paneId: t.paneId,
        session: t.sessionName,
        window: t.windowName,
        windowIndex: t.windowIndex,
        paneIndex: t.pane.index,
        command: t.pane.command,
        title: t.pane.title,
        dead: t.pane.dead,
        agent: Boolean(verdict),
        kind: s?.kind ?? null,
        via: d?.via ?? null,
        evidence: d?.evidence ?? null,
        state: s?.state ?? null,
        reason: s?.reason ?? null,
        rule: s?.rule ?? null,
        line: s?.line ?? null,
        options: s?.options ?? [],
        message: s?.message ?? null,
        exitStatus: s?.exitStatus ?? null,
        lastWords: s?.lastWords ?? null,
        since: s?.since ? new Date(s.since).toISOString() : null,
        source: c ? (c.source ?? 'screen') : null,
        overruled: c?.overruled ?? null,
        hook: c?.hook ? { event: c.hook.event, detail: c.hook.detail ?? null, age: now - c.hook.at } : null,
      });
      return EXIT.ok;
    }
    const lines = [
      `pane     ${t.paneId}  ${where}  (${t.pane.width}×${t.pane.height})`,
      `command  ${printable(t.pane.command)}   title ${JSON.stringify(t.pane.title)}`,
    ];
    if (!verdict || !s) {
      lines.push(
        t.pane.dead
          ? 'kind     not an agent: the pane is dead and nothing showed an agent in it'
          : 'kind     not an agent: no command, process, title or screen rule matched',
      );
    } else {
      const label = d?.table?.label ?? s.kind;
      lines.push(
        d
          ? `kind     ${s.kind} (${label}), via ${VIA[d.via]}: ${JSON.stringify(d.evidence ?? '')}`
          : `kind     ${s.kind} (known before; the agent process is gone)`,
      );
      lines.push(`state    ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
      lines.push(`rule     ${s.rule ?? '-'}`);
      if (s.line !== undefined) lines.push(`line     ${JSON.stringify(s.line)}`);
      if (s.message !== undefined) lines.push(`message  ${printable(s.message)}`);
      for (const o of s.options ?? [])
        lines.push(
          `option   ${o.selected ? '❯' : ' '} ${printable(o.choice)}  ${printable(o.label)}  (keys ${o.keys.join(' ')}${o.meaning ? `, ${o.meaning}` : ''})`,
        );
      if (s.exitStatus !== undefined) lines.push(`exit     status ${s.exitStatus}`);
      if (s.lastWords !== undefined)
        for (const [i, w] of s.lastWords.split('\n').entries())
          lines.push(`${i === 0 ? 'last     ' : '         '}${printable(w)}`);
      if (c) lines.push(`signal   ${signalLine(c, now)}`);
      if (s.state === 'unknown') lines.push('         no rule matched the recent screen region');
      if (s.rule === 'exited.shell-in-front')
        lines.push('         a shell is in front: the agent exited and left its title or screen behind');
      if (s.rule === 'exited.pane-dead') lines.push('         the pane is dead (its process exited)');
    }
    out(ctx, lines.join('\n'));
    return EXIT.ok;
  },
};

const ago = (ms: number): string => (ms < 1000 ? `${ms} ms ago` : `${Math.round(ms / 1000)}s ago`);

/** Which signal decided and what it overruled: `hook Stop 2s ago, over screen: claude.working.spinner`. */
function signalLine(c: Fused, now: number): string {
  const source = c.source ?? 'screen';
  const hook = c.hook
    ? `hook ${c.hook.event}${c.hook.detail ? ` (${c.hook.detail})` : ''} ${ago(now - c.hook.at)}`
    : '';
  const won = source === 'hook' && hook ? hook : source;
  if (c.overruled) return `${won}, over ${c.overruled}`;
  if (source === 'screen' && hook) return `screen (newest ${hook}: agrees or is stale)`;
  return won;
}
