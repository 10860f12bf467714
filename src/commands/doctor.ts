import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { userView } from '../model/hidden.js';
import { printable } from '../model/printable.js';
import { isTmuxError } from '../tmux/errors.js';
import { describeServer, ProcessRunner, tmuxBinary } from '../tmux/runner.js';
import { takeSnapshot } from '../tmux/snapshot.js';
import { isSupported, MIN_TMUX } from '../tmux/version.js';
import { type CommandContext, type CommandModule, EXIT, printJson } from './context.js';
import { startHint } from './start-hint.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** A failed optional check is a warning, not a failure. */
  optional?: boolean;
}

function which(binary: string, env: NodeJS.ProcessEnv): string | null {
  if (binary.includes('/')) return existsSync(binary) ? binary : null;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return null;
}

function tmuxVersion(binary: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(binary, ['-V'], { encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

/** Everything that decides whether tmo can work here, each with what to do about it. */
export async function runChecks(ctx: CommandContext): Promise<Check[]> {
  const checks: Check[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: nodeMajor >= 22, detail: `Node.js ${process.version} (needs ≥ 22)` });

  const binary = tmuxBinary();
  const path = which(binary, ctx.env);
  const version = path ? await tmuxVersion(path) : null;
  checks.push({
    name: 'tmux',
    ok: Boolean(path && version),
    detail: path
      ? `${path}: ${version ?? 'does not run'}`
      : `"${binary}" not found on PATH: install tmux ${MIN_TMUX.major}.${MIN_TMUX.minor}+`,
  });
  if (version) {
    const v = version.replace(/^tmux\s+/, '');
    checks.push({
      name: 'tmux version',
      ok: isSupported(v),
      detail: `${v} (needs ≥ ${MIN_TMUX.major}.${MIN_TMUX.minor})`,
    });
  }

  const server = describeServer(ctx.server);
  if (path) {
    try {
      const snap = userView(await takeSnapshot(new ProcessRunner(ctx.server)));
      const panes = snap.sessions.reduce((n, s) => n + s.windows.reduce((m, w) => m + w.panes.length, 0), 0);
      checks.push({
        name: 'server',
        ok: snap.server.running,
        detail: snap.server.running
          ? `running on ${server}: ${plural(snap.sessions.length, 'session')}, ${plural(panes, 'pane')} (snapshot in one call)`
          : `no tmux server on ${printable(server)}. ${startHint(ctx.server)}`,
      });
    } catch (error) {
      checks.push({ name: 'server', ok: false, detail: isTmuxError(error) ? error.message : String(error) });
    }
  }
  checks.push({
    name: 'process table',
    ok: existsSync('/proc/self/stat'),
    optional: true,
    detail: existsSync('/proc/self/stat')
      ? '/proc is readable (agent detection by process tree)'
      : 'no /proc: `ps` is used instead',
  });
  checks.push({
    name: 'inside tmux',
    ok: Boolean(ctx.env['TMUX']),
    optional: true,
    detail: ctx.env['TMUX']
      ? 'yes: attaching switches the client'
      : 'no: attaching hands the terminal to tmux and returns after detach',
  });
  return checks;
}

export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx, { values }) {
    const checks = await runChecks(ctx);
    const failed = checks.filter((c) => !c.ok && !c.optional);
    if (values['json'] === true) printJson(ctx, { ok: failed.length === 0, checks });
    else {
      for (const c of checks) {
        const mark = c.ok
          ? ctx.ascii
            ? 'ok  '
            : '✔   '
          : c.optional
            ? ctx.ascii
              ? 'note'
              : '·   '
            : ctx.ascii
              ? 'FAIL'
              : '✖   ';
        ctx.stdout.write(`${mark} ${c.name.padEnd(14)} ${c.detail}\n`);
      }
    }
    if (failed.some((c) => c.name === 'tmux' || c.name === 'server')) return EXIT.tmux;
    return failed.length ? EXIT.failure : EXIT.ok;
  },
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
