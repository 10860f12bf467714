/**
 * A fake coding agent for demos and tests: `node dist/src/demo/fake-agent.js --kind claude|codex|gemini|aider
 * [--work-ms N] [--ask-permission] [--echo-file F]`.
 *
 * Starts idle (prompt box). A line of input (typed, or a bracketed paste `ESC[200~…ESC[201~`, markers
 * stripped, CRs inside the paste turned back into newlines) clears the composer and shows the working
 * screen for --work-ms (default 1500); with --ask-permission a permission dialog follows ("1", "y" or
 * Enter continues; "3", "n" or Esc goes back to idle); then idle with a completion line. --echo-file
 * appends each received message followed by "\n" to F. A message sent while working is queued (the
 * claude kind draws it with `Press up to edit queued messages`) and run after the turn. Ctrl-C exits.
 *
 * Membership: the pane command is `node` (node cannot rename itself to `claude` for tmux), so tmo
 * recognises the fake agent from its pane title, set through OSC (`✳ Claude Code`, `◇  Ready (demo)`,
 * `codex`, `aider`), and from its screen — as it would any agent started through `node`.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exchange, type FakeKind, type FakePhase, RENDER, TITLES } from './fake-agent-screens.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'claude' },
    'work-ms': { type: 'string', default: '1500' },
    'ask-permission': { type: 'boolean', default: false },
    'echo-file': { type: 'string' },
  },
});
const kind = values.kind as FakeKind;
if (!(kind in RENDER)) {
  process.stderr.write(`fake-agent: unknown --kind ${kind} (claude, codex, gemini, aider)\n`);
  process.exit(2);
}
const workMs = Math.max(0, Number(values['work-ms']) || 0);
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

let phase: FakePhase = 'idle';
let input = '';
let history: string[] = [];
let seconds = 0;
let finished = false;
let tick = 0;
let workStart = 0;
let timer: NodeJS.Timeout | undefined;
let pending = '';
let inPaste = false;
let task = '';
const queued: string[] = [];

function draw(): void {
  const columns = process.stdout.columns || 120;
  const rows = process.stdout.rows || 40;
  const spinner = SPINNER[tick % SPINNER.length]!;
  const lines = RENDER[kind]({ phase, input, history, seconds, finished, spinner, columns, queued });
  const visible = lines.slice(-rows).map((l) => [...l].slice(0, columns).join(''));
  const title = TITLES[kind][phase](spinner);
  process.stdout.write(`\x1b]0;${title}\x07\x1b[H\x1b[2J${visible.join('\r\n')}`);
}

function finish(answer: string): void {
  if (timer) clearInterval(timer);
  timer = undefined;
  history = [...history, ...exchange(kind, task, answer)].slice(-200);
  phase = 'idle';
  finished = answer !== 'Interrupted.';
  const next = queued.shift();
  if (next !== undefined) startWork(next);
  else draw();
}

function startWork(message: string): void {
  task = message;
  phase = 'working';
  finished = false;
  workStart = Date.now();
  seconds = 0;
  timer = setInterval(() => {
    tick++;
    seconds = Math.floor((Date.now() - workStart) / 1000);
    if (phase === 'working' && Date.now() - workStart >= workMs) {
      if (values['ask-permission']) {
        phase = 'permission';
        if (timer) clearInterval(timer);
        timer = undefined;
      } else return finish(`Done: ${message.split('\n')[0]}`);
    }
    draw();
  }, 100);
  draw();
}

function submit(message: string): void {
  if (values['echo-file']) appendFileSync(values['echo-file'], `${message}\n`);
  input = '';
  if (phase === 'idle') startWork(message);
  else {
    // Queued while working, run after the turn: the real agents do this too.
    if (kind === 'claude') queued.push(message);
    draw();
  }
}

function answerDialog(key: string): void {
  if (key === '1' || key === 'y' || key === 'Y' || key === '\r' || key === '\n') {
    seconds = Math.max(1, Math.floor((Date.now() - workStart) / 1000));
    finish(`Ran npm test: all tests pass. Done: ${task.split('\n')[0]}`);
  } else if (key === '3' || key === 'n' || key === 'N' || key === '\x1b') finish('Interrupted.');
}

/** Feed raw stdin text: bracketed paste, Enter, Backspace, Esc, Ctrl-C. */
function feed(chunk: string): void {
  let s = pending + chunk;
  pending = '';
  while (s.length) {
    if (inPaste) {
      const end = s.indexOf('\x1b[201~');
      const body = end === -1 ? s : s.slice(0, end);
      // Keep a possible partial end marker for the next chunk.
      const keep = end === -1 ? partialSuffix(body, '\x1b[201~') : 0;
      input += body.slice(0, body.length - keep).replace(/\r\n?/g, '\n');
      if (end === -1) {
        pending = body.slice(body.length - keep);
        break;
      }
      inPaste = false;
      s = s.slice(end + 6);
      if (phase !== 'permission') draw();
      continue;
    }
    const c = s[0]!;
    if (c === '\x1b') {
      if (s.startsWith('\x1b[200~')) {
        inPaste = true;
        s = s.slice(6);
        continue;
      }
      const csi = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|O.)/.exec(s);
      if (csi) {
        s = s.slice(csi[0].length);
        continue;
      }
      if (s.length < 6 && '\x1b[200~'.startsWith(s)) {
        pending = s;
        break;
      }
      s = s.slice(1);
      if (phase === 'permission') answerDialog('\x1b');
      continue;
    }
    s = s.slice(1);
    if (c === '\x03') {
      process.stdout.write('\x1b[?2004l\r\n');
      process.exit(0);
    }
    if (phase === 'permission') {
      answerDialog(c);
      continue;
    }
    if (c === '\r' || c === '\n') submit(input);
    else if (c === '\x7f' || c === '\b') input = [...input].slice(0, -1).join('');
    else if (c >= ' ' || c === '\t') input += c;
    draw();
  }
}

function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--)
    if (text.endsWith(marker.slice(0, n))) return n;
  return 0;
}

if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d: string) => feed(d));
process.stdin.on('end', () => process.exit(0));
process.stdout.on('resize', draw);
process.stdout.write('\x1b[?2004h');
draw();
