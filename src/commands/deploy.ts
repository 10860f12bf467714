import { printable } from '../model/printable.js';
import type { BriefRole } from '../orchestrate/briefs.js';
import {
  describeBrief,
  LAUNCH_OPTIONS,
  launchFrom,
  runOrch,
  str,
  timeoutMs,
} from '../orchestrate/command-support.js';
import { displayCommand } from '../orchestrate/names.js';
import { deployPm } from '../orchestrate/project.js';
import { type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

export const command: CommandModule = {
  options: {
    role: { type: 'string' },
    ...LAUNCH_OPTIONS,
  },
  async run(ctx, { positionals, values }) {
    const [session, ...extra] = positionals;
    if (!session)
      throw new UsageError('usage: tmo deploy <session> [--role pm|engineer] [--agent A|CMD] [--brief FILE]');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const role = str(values['role']) ?? 'pm';
    if (role !== 'pm' && role !== 'engineer') throw new UsageError('--role must be pm or engineer');
    timeoutMs(values['timeout']); // a bad --timeout is a usage error before anything starts
    return runOrch(ctx, async () => {
      const result = await deployPm(ctx.runner, {
        session,
        role: role as BriefRole,
        ...(await launchFrom(ctx, values, `session ${session}`)),
      });
      const [briefLine, ok] = describeBrief(result.brief, result.briefSource);
      if (values['json'] === true) printJson(ctx, result);
      else {
        const w = result.window;
        out(
          ctx,
          `deployed ${printable(w.name)} in ${printable(result.session.name)}: window ${w.index} (${w.id}, pane ${w.paneId})`,
        );
        const ready =
          result.readyMs === undefined
            ? 'not waited for'
            : `ready after ${(result.readyMs / 1000).toFixed(1)}s`;
        out(ctx, `  agent: ${displayCommand(result.argv)} — ${ready}`);
        out(ctx, `  ${briefLine}`);
      }
      if (!ok) {
        err(ctx, `tmo: the briefing was not delivered: ${result.brief?.detail ?? ''}`);
        return EXIT.failure;
      }
      return EXIT.ok;
    });
  },
};
