/**
 * The snapshot call of `status`, `summary` and `health`, started as the first thing their bundle does
 * (bin/bundle.js), so tmux answers while the rest of the code loads and the arguments are parsed. The
 * server is read from the arguments here the way tmux options go (`-L name`, `-Lname`, `--socket-name=…`,
 * the last one given, `-S` over `-L`); the runner uses the result only when the CLI then asks for exactly
 * this call (ProcessRunner, startEarly), so a reading that differs costs a process, never a wrong answer.
 * The call also captures the panes the last look at that server saw (capture-script.ts).
 */

import { besideChunks, captureScript, earlyCapturePlan, ridesAlong, SCRIPT_ARGS } from './capture-script.js';
import { type ServerSelector, serverArgs, startEarly, tmuxBinary } from './runner.js';
import { SNAPSHOT_ARGS, withScript } from './snapshot.js';
import { serverFromTmuxEnv } from './socket-path.js';

const LONG = { '--socket-name': 'socketName', '--socket-path': 'socketPath' } as const;
const SHORT = { '-L': 'socketName', '-S': 'socketPath' } as const;

/** The server the arguments select, as far as a plain reading tells (see above); none: the one of $TMUX. */
export function serverOf(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ServerSelector {
  const found: ServerSelector = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    const eq = a.indexOf('=');
    const long = LONG[(eq === -1 ? a : a.slice(0, eq)) as keyof typeof LONG];
    const short = SHORT[a.slice(0, 2) as keyof typeof SHORT];
    if (long) found[long] = eq === -1 ? args[++i] : a.slice(eq + 1);
    else if (short) found[short] = a.length > 2 ? a.slice(2) : args[++i];
  }
  return found.socketPath
    ? { socketPath: found.socketPath }
    : found.socketName
      ? { socketName: found.socketName }
      : serverFromTmuxEnv(env);
}

export function startSnapshotEarly(args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const server = serverOf(args, env);
  const plan = earlyCapturePlan(env, server);
  if (ridesAlong(plan))
    startEarly(tmuxBinary(), [...serverArgs(server), ...withScript(SNAPSHOT_ARGS)], captureScript(plan));
  else {
    startEarly(tmuxBinary(), [...serverArgs(server), ...SNAPSHOT_ARGS]);
    for (const chunk of besideChunks(plan))
      startEarly(tmuxBinary(), [...serverArgs(server), ...SCRIPT_ARGS], captureScript(chunk));
  }
}
