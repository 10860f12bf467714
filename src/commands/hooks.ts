/**
 * `tmo hooks install|status|uninstall [claude|codex|gemini|all] [--project DIR] [--dry-run] [--json]`:
 * the agents' own hooks, which run `tmo hook <event>` so tmo hears of a prompt, a tool, a dialog, the end
 * of a turn the moment the agent knows it (README "Hooks and other signals").
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecentFacts } from '../agenthooks/facts.js';
import { applyTarget, type Change, type TargetStatus, targetStatus } from '../agenthooks/install.js';
import { hookFile, socketPathFor } from '../agenthooks/paths.js';
import { HOOK_AGENTS, type HookAgent, targetsFor } from '../agenthooks/targets.js';
import { type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

const USAGE =
  'usage: tmo hooks install|status|uninstall [claude|codex|gemini|all] [--project DIR] [--dry-run] [--json]';

const AFTER: Record<HookAgent, string> = {
  claude: 'takes effect in Claude Code sessions started from now on (or after /hooks)',
  codex: 'Codex runs new hooks only once you trust them: open /hooks in codex and approve the tmo ones',
  gemini: 'takes effect in Gemini CLI sessions started from now on',
};

function agentsOf(word: string | undefined): HookAgent[] {
  if (word === undefined || word === 'all') return [...HOOK_AGENTS];
  if ((HOOK_AGENTS as readonly string[]).includes(word)) return [word as HookAgent];
  throw new UsageError(`unknown agent "${word}" (claude, codex, gemini or all)\n${USAGE}`);
}

export const command: CommandModule = {
  options: {
    project: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx, args) {
    const [sub, which, ...extra] = args.positionals;
    if (!sub || extra.length) throw new UsageError(USAGE);
    const agents = agentsOf(which);
    const json = args.values['json'] === true;
    // An empty --project (an unset variable) is a mistake, not the directory we run in.
    if (args.values['project'] === '') throw new UsageError('--project needs a directory, got ""');
    const project = typeof args.values['project'] === 'string' ? resolve(args.values['project']) : undefined;
    if (project && !(existsSync(project) && statSync(project).isDirectory())) {
      err(ctx, `tmo hooks: --project ${project}: not a directory`);
      return EXIT.failure;
    }
    const options = {
      env: ctx.env,
      node: process.execPath,
      tmo: fileURLToPath(new URL('../../bin/tmo.js', import.meta.url)),
      ...(project ? { project } : {}),
    };
    if (sub === 'status') {
      const file = hookFile(socketPathFor(ctx.server, ctx.env), ctx.env);
      const facts = [...readRecentFacts(file).entries()];
      const last = facts.reduce((m, [, f]) => Math.max(m, f.at), 0);
      const report = agents.map((agent) => ({
        agent,
        targets: targetsFor(agent, options).map(targetStatus),
      }));
      const commandOk = existsSync(options.node) && existsSync(options.tmo);
      if (json) {
        printJson(ctx, {
          agents: report,
          node: options.node,
          tmo: options.tmo,
          hookFile: file,
          panes: facts.length,
          lastEvent: last ? new Date(last).toISOString() : null,
        });
        return EXIT.ok;
      }
      for (const { agent, targets } of report) for (const t of targets) out(ctx, statusLine(agent, t));
      out(
        ctx,
        `hook log  ${file}: ${facts.length ? `${facts.length} pane(s), last event ${new Date(last).toISOString()}` : 'no events yet'}`,
      );
      if (!commandOk)
        err(ctx, `tmo hooks: ${options.node} or ${options.tmo} is missing: run tmo hooks install again`);
      return EXIT.ok;
    }
    if (sub !== 'install' && sub !== 'uninstall')
      throw new UsageError(`unknown hooks subcommand "${sub}"\n${USAGE}`);
    const remove = sub === 'uninstall';
    const dryRun = args.values['dry-run'] === true;
    const results: { agent: HookAgent; change: Change }[] = [];
    let failed = false;
    for (const agent of agents)
      for (const target of targetsFor(agent, options)) {
        try {
          results.push({ agent, change: applyTarget(target, remove, dryRun) });
        } catch (error) {
          failed = true;
          results.push({
            agent,
            change: { path: target.path, action: 'skipped', note: (error as Error).message },
          });
        }
      }
    if (json) printJson(ctx, { action: sub, dryRun, results });
    else {
      for (const { agent, change } of results) {
        const extras = [change.backup && `backup ${change.backup}`, change.note].filter(Boolean).join('; ');
        out(
          ctx,
          `${agent.padEnd(6)}  ${change.action.padEnd(9)}  ${change.path}${extras ? `  (${extras})` : ''}`,
        );
      }
      if (!remove && !dryRun)
        for (const agent of new Set(
          results
            .filter((r) => r.change.action === 'installed' || r.change.action === 'updated')
            .map((r) => r.agent),
        ))
          err(ctx, `${agent}: ${AFTER[agent]}`);
    }
    return failed ? EXIT.failure : EXIT.ok;
  },
};

function statusLine(agent: HookAgent, t: TargetStatus): string {
  const state = !t.exists
    ? 'not installed (no file)'
    : t.missing.length === 0 && t.stale.length === 0
      ? 'installed'
      : t.installed.length === 0 && t.stale.length === 0
        ? 'not installed'
        : 'partly installed';
  const detail = [
    t.missing.length && t.installed.length ? `missing ${t.missing.join(', ')}` : '',
    t.stale.length ? `other paths (reinstall): ${t.stale.join(', ')}` : '',
    t.note ?? '',
  ].filter(Boolean);
  return `${agent.padEnd(6)}  ${state.padEnd(23)}  ${t.path}${detail.length ? `  (${detail.join('; ')})` : ''}`;
}
