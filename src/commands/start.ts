import { printable } from '../model/printable.js';
import {
  describeBrief,
  LAUNCH_OPTIONS,
  launchFrom,
  runOrch,
  str,
  timeoutMs,
} from '../orchestrate/command-support.js';
import { attachCommand, displayCommand } from '../orchestrate/names.js';
import { startProject } from '../orchestrate/project.js';
import { type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

export const command: CommandModule = {
  options: {
    name: { type: 'string' },
    ...LAUNCH_OPTIONS,
  },
  async run(ctx, { positionals, values }) {
    const [dir, ...extra] = positionals;
    if (!dir)
      throw new UsageError('usage: tmo start <project-dir> [--name S] [--agent A|CMD] [--brief FILE]');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    timeoutMs(values['timeout']); // a bad --timeout is a usage error before anything starts
    return runOrch(ctx, async () => {
      const name = str(values['name']);
      const result = await startProject(ctx.runner, {
        dir,
        ...(await launchFrom(ctx, values, 'the new session')),
        ...(name !== undefined ? { name } : {}),
      });
      const [briefLine, ok] = describeBrief(result.brief, result.briefSource);
      if (values['json'] === true) printJson(ctx, result);
      else {
        out(
          ctx,
          `started session ${printable(result.session.name)} (${result.session.id}) in ${printable(result.session.path)}`,
        );
        if (result.requestedName !== undefined)
          out(
            ctx,
            `  (tmux turns "." into "_": the session is ${result.session.name}; ` +
              `tmo stop/deploy ${result.requestedName} find it too)`,
          );
        out(ctx, `  windows: ${result.windows.map((w) => `${w.index}:${w.name} (${w.paneId})`).join(', ')}`);
        const ready =
          result.readyMs === undefined
            ? 'not waited for'
            : `ready after ${(result.readyMs / 1000).toFixed(1)}s`;
        out(ctx, `  agent: ${displayCommand(result.argv)} — ${ready}`);
        out(ctx, `  ${briefLine}`);
        const inside = !ctx.server.socketName && !ctx.server.socketPath && Boolean(ctx.env['TMUX']);
        out(
          ctx,
          `${inside ? 'switch to it with' : 'attach with'}: ${attachCommand(ctx.server, result.session.name, inside)}`,
        );
      }
      if (!ok) {
        err(ctx, `tmo: the briefing was not delivered: ${result.brief?.detail ?? ''}`);
        return EXIT.failure;
      }
      return EXIT.ok;
    });
  },
};
