import { printable } from '../model/printable.js';
import type { AgentState } from '../model/types.js';
import type { StatusJson } from './report.js';
import { age, type Style } from './style.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function countsLine(counts: Record<AgentState, number>): string {
  const parts = (Object.entries(counts) as [AgentState, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * Human `tmo status [detailed]`: per session its real window count and its agents with their state.
 * `startHint`: what to say after "no server here" (start-hint.ts), for the server the report is of.
 */
export function renderStatus(
  report: StatusJson,
  style: Style,
  detailed: boolean,
  startHint: string,
  now = Date.now(),
): string {
  const lines: string[] = [];
  const server = report.server;
  const when = report.timestamp.replace('T', ' ').slice(0, 19);
  lines.push(
    style.bold(
      `Tmux Orchestrator status · ${when} UTC · tmux ${server.tmuxVersion ?? '?'} (server ${server.socket})`,
    ),
  );
  if (!server.running) {
    lines.push(`No tmux server is running on this socket. ${startHint}`);
    return `${lines.join('\n')}\n`;
  }
  const windows = report.sessions.reduce((n, s) => n + s.windows.length, 0);
  lines.push(
    `${plural(report.sessions.length, 'session')} · ${plural(windows, 'window')} · ${plural(report.agents.length, 'agent')}: ${countsLine(report.health.counts)}`,
  );
  lines.push(
    `Health: ${report.health.healthy ? 'healthy' : style.state('error', 'unhealthy (an agent is in error)')}`,
  );
  for (const session of report.sessions) {
    const agents = report.agents.filter((a) => a.session === session.name);
    lines.push('');
    const attached = session.attached ? ', attached' : '';
    lines.push(
      `${style.bold(printable(session.name))}  (${session.id}${attached})  ${plural(session.windows.length, 'window')} · ${plural(agents.length, 'agent')}`,
    );
    if (detailed) {
      for (const w of session.windows) {
        const agentPanes = w.panes.filter((p) => p.agent);
        const what = agentPanes.length
          ? agentPanes.map((p) => agentText(p.agent!, style, now)).join('; ')
          : style.dim(w.panes.map((p) => printable(p.command)).join(', '));
        lines.push(
          `  ${String(w.index).padStart(2)}: ${printable(w.name).padEnd(18)} ${w.type.padEnd(15)} ${what}${w.active ? style.dim(' (active)') : ''}`,
        );
      }
    } else {
      for (const a of agents)
        lines.push(
          `  ${agentText(a, style, now)}  ${style.dim(`${printable(a.target)} ${printable(a.name)}`)}`,
        );
      if (agents.length === 0) lines.push(style.dim('  no agents'));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function agentText(
  a: { state: AgentState; kind: string; reason?: string; since?: string },
  style: Style,
  now: number,
): string {
  const since = a.since ? ` ${age(Date.parse(a.since), now)}` : '';
  const reason = a.reason ? ` · ${a.reason}` : '';
  return `${style.state(a.state, `${style.glyph(a.state)} ${a.state.padEnd(7)}`)} ${a.kind.padEnd(8)}${reason}${since}`;
}
