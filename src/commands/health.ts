import { printable } from '../model/printable.js';
import { type CommandModule, EXIT, printJson } from './context.js';
import { gather } from './gather.js';
import { buildStatus } from './report.js';
import { countsLine } from './status-text.js';

/**
 * `tmo health [--json]`: healthy when the server runs and no agent is in error. Exit 0 healthy, 1 unhealthy,
 * 3 no server. The JSON keeps the original's `health` fields (total_agents, status_breakdown, sessions) next
 * to ours.
 */
export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx, { values }) {
    const { snapshot, agents } = await gather(ctx.runner, ctx.env);
    const status = buildStatus(snapshot, agents, ctx.version);
    const { counts, healthy } = status.health;
    const inError = status.agents.filter((a) => a.state === 'error').map((a) => a.target);
    if (values['json'] === true) {
      printJson(ctx, {
        healthy,
        timestamp: status.timestamp,
        server: status.server,
        sessions: status.sessions.length,
        total_agents: status.agents.length,
        counts,
        status_breakdown: {
          ready: counts.idle,
          busy: counts.working,
          waiting: counts.waiting,
          error: counts.error,
          unknown: counts.unknown + counts.exited,
        },
        errors: inError,
      });
    } else if (!snapshot.server.running) {
      ctx.stdout.write(`unhealthy: no tmux server is running on ${snapshot.server.socket}\n`);
    } else {
      ctx.stdout.write(
        `${healthy ? 'healthy' : 'unhealthy'}: ${status.sessions.length} sessions, ${status.agents.length} agents (${countsLine(counts)})${inError.length ? `; in error: ${inError.map(printable).join(', ')}` : ''}\n`,
      );
    }
    if (!snapshot.server.running) return EXIT.tmux;
    return healthy ? EXIT.ok : EXIT.failure;
  },
};
