import { mark } from '../model/timing.js';
import { type CommandModule, EXIT, printJson, UsageError } from './context.js';
import { gather } from './gather.js';
import { buildStatus } from './report.js';
import { startHint } from './start-hint.js';
import { renderStatus } from './status-text.js';
import { makeStyle } from './style.js';

/** `tmo status [detailed] [--json]`: exit 0, or 3 when no tmux server runs (the JSON still says so). */
export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx, { positionals, values }) {
    const extra = positionals.filter((p) => p !== 'detailed');
    if (extra.length)
      throw new UsageError(`status: unexpected argument "${extra[0]}" (usage: status [detailed] [--json])`);
    const { snapshot, agents } = await gather(ctx.runner, ctx.env);
    const report = buildStatus(snapshot, agents, ctx.version);
    mark('report built');
    if (values['json'] === true) printJson(ctx, report);
    else
      ctx.stdout.write(
        renderStatus(
          report,
          makeStyle(ctx.color, ctx.ascii),
          positionals.includes('detailed'),
          snapshot.server.running ? '' : startHint(ctx.server),
        ),
      );
    mark('written');
    return snapshot.server.running ? EXIT.ok : EXIT.tmux;
  },
};
