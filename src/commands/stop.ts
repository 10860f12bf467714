import { printable } from '../model/printable.js';
import { runOrch } from '../orchestrate/command-support.js';
import { stopSession } from '../orchestrate/project.js';
import { type CommandModule, EXIT, out, printJson, UsageError } from './context.js';

export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx, { positionals, values }) {
    const [session, ...extra] = positionals;
    if (!session) throw new UsageError('usage: tmo stop <session>');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    return runOrch(ctx, async () => {
      const result = await stopSession(ctx.runner, session);
      if (values['json'] === true) printJson(ctx, { stopped: true, ...result });
      else
        out(
          ctx,
          `stopped session ${printable(result.session.name)} (${result.session.id})` +
            (result.serverStopped ? ' — it was the last one: the tmux server exited' : ''),
        );
      return EXIT.ok;
    });
  },
};
