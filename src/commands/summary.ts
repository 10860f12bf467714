import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { makeDirs } from '../config/state-file.js';
import { lastSends } from '../send/send-history.js';
import { capturePanes } from '../tmux/capture.js';
import { type CommandModule, EXIT, err, UsageError } from './context.js';
import { gather } from './gather.js';
import { buildStatus } from './report.js';
import { buildSummary, renderSummary } from './summary-build.js';

/** Scrollback read per agent for the summary: the visible screen plus this many lines above it. */
const SCROLLBACK = 300;

/**
 * `tmo summary [--json] [--save [FILE]]`: per agent the last request, recent activity and recent errors.
 * `--save` writes the same report (JSON with --json, text otherwise) to FILE or to a timestamped file under
 * the state dir, and says where on stderr.
 */
export const command: CommandModule = {
  options: { json: { type: 'boolean' }, save: { type: 'boolean' } },
  async run(ctx, { positionals, values }) {
    const save = values['save'] === true;
    if (positionals.length > (save ? 1 : 0))
      throw new UsageError(
        `summary: unexpected argument "${positionals.at(-1)}" (usage: summary [--json] [--save [FILE]])`,
      );
    const { snapshot, agents } = await gather(ctx.runner, ctx.env);
    const status = buildStatus(snapshot, agents, ctx.version);
    const screens = status.agents.length
      ? await capturePanes(
          ctx.runner,
          status.agents.map((a) => a.pane),
          { lines: SCROLLBACK },
        )
      : new Map<string, string>();
    const summary = buildSummary(
      status,
      screens,
      lastSends(ctx.env, (n, file) =>
        err(ctx, `tmo: warning: ${n} broken line${n === 1 ? '' : 's'} skipped in ${file}`),
      ),
    );
    const text = values['json'] === true ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary);
    ctx.stdout.write(text);
    if (save) {
      const stamp = summary.timestamp.replace(/[:.]/g, '-');
      const file =
        positionals[0] ??
        join(stateDir(ctx.env), 'summaries', `summary-${stamp}.${values['json'] === true ? 'json' : 'txt'}`);
      // Our own directory is made; a FILE given is written where it says (a typo in its path is ENOENT,
      // not a tree of new directories).
      if (positionals[0] === undefined) makeDirs(dirname(file));
      writeFileSync(file, text, { mode: 0o600 });
      err(ctx, `summary saved to ${file}`);
    }
    return snapshot.server.running ? EXIT.ok : EXIT.tmux;
  },
};
