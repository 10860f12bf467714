/**
 * A private tmux server for one lab run: `tmux -L tmo-lab-<pid>-<n> -f /dev/null`, status line off so the
 * pane is exactly `width`×`height`. Each pane starts an interactive `bash --noprofile --norc` (prompt `$ `, set through PROMPT_COMMAND)
 * with the given env, HOME and cwd; a driver types the CLI's command into it like a user would, so after
 * the CLI exits the pane shows the shell again (the `exited` case).
 *
 *   const t = LabTmux.create(120, 40);
 *   const pane = t.start({ env: { HOME: home, PATH }, cwd: project });
 *   pane.type('claude'); pane.keys('Enter');
 *   await pane.waitFor((s) => /trust/.test(s), 20_000);
 *   await pane.waitSettled();
 *   console.log(pane.capture(), pane.title(), pane.command(), pane.processTree());
 *   t.kill(); // the server and every process seen under its panes, by pid
 *
 * Never touches another tmux server: every command carries our own `-L`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

let counter = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartOptions {
  /** The pane's environment on top of a minimal base (PATH, LANG, TERM come from here or defaults). */
  env: Record<string, string>;
  cwd: string;
}

export class LabTmux {
  readonly socket: string;
  /** Every pid seen under one of our panes, killed by `kill()` if still alive. */
  readonly seen = new Set<number>();
  private started = false;

  width: number;
  height: number;

  private constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.socket = `tmo-lab-${process.pid}-${++counter}`;
  }

  static create(width = 120, height = 40): LabTmux {
    return new LabTmux(width, height);
  }

  /** Run one tmux command on our server; returns stdout. */
  tmux(...args: string[]): string {
    return this.tmuxWithPath(process.env['PATH'] ?? '/usr/bin:/bin', args);
  }

  /** tmux gives a new pane the PATH of the client that asks for it, whatever `-e PATH=` says. */
  private tmuxWithPath(path: string, args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: path, LANG: 'C.UTF-8', TMUX: '' },
    });
  }

  /** Start a pane (the first one creates the server and its session) running an interactive bash. */
  start(opts: StartOptions): LabPane {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      PROMPT_COMMAND: "PS1='$ '", // bash ignores an inherited PS1 here; this sets it before each prompt
      ...opts.env,
    };
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const size = ['-x', String(this.width), '-y', String(this.height)];
    const shell = 'exec bash --noprofile --norc -i';
    const fmt = ['-P', '-F', '#{pane_id} #{pane_pid}'];
    let out: string;
    if (!this.started) {
      const args = ['new-session', '-d', ...fmt, ...size, '-s', 'lab', '-c', opts.cwd, ...envArgs, shell];
      out = this.tmuxWithPath(env['PATH']!, args);
      this.started = true;
      this.tmux('set-option', '-g', 'status', 'off');
      this.tmux('set-option', '-g', 'default-terminal', 'tmux-256color');
    } else {
      out = this.tmuxWithPath(env['PATH']!, [
        'new-window',
        '-d',
        ...fmt,
        '-t',
        'lab',
        '-c',
        opts.cwd,
        ...envArgs,
        shell,
      ]);
    }
    const [id, pid] = out.trim().split(' ');
    const pane = new LabPane(this, id!, Number(pid));
    this.seen.add(pane.pid);
    return pane;
  }

  /** Resize the (single) window; panes redraw. */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.tmux('resize-window', '-t', 'lab', '-x', String(width), '-y', String(height));
  }

  /** Kill our server and every process ever seen under our panes (TERM, then KILL). */
  kill(): void {
    let socketPath = '';
    try {
      socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
    } catch {
      // no server
    }
    const pids = [...this.seen];
    for (const pid of pids) signal(pid, 'SIGTERM');
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // already gone
    }
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline && pids.some(alive)) execFileSync('sleep', ['0.05']);
    for (const pid of pids) signal(pid, 'SIGKILL');
    for (const pid of tmuxServersOn(this.socket)) signal(pid, 'SIGKILL');
    if (socketPath) rmSync(socketPath, { force: true });
  }
}

export class LabPane {
  readonly tmux: LabTmux;
  readonly id: string;
  readonly pid: number;

  constructor(tmux: LabTmux, id: string, pid: number) {
    this.tmux = tmux;
    this.id = id;
    this.pid = pid;
  }

  /** send-keys with tmux key names: `keys('Enter')`, `keys('Escape')`, `keys('C-c')`, `keys('BTab')`. */
  keys(...keys: string[]): void {
    this.tmux.tmux('send-keys', '-t', this.id, ...keys);
  }

  /** Type text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux.tmux('send-keys', '-t', this.id, '-l', text);
  }

  /** The screen as `capture-pane -p -J` prints it. */
  capture(): string {
    return this.tmux.tmux('capture-pane', '-p', '-J', '-t', this.id);
  }

  private display(format: string): string {
    return this.tmux.tmux('display-message', '-p', '-t', this.id, format).replace(/\n$/, '');
  }

  title(): string {
    return this.display('#{pane_title}');
  }

  command(): string {
    return this.display('#{pane_current_command}');
  }

  dead(): boolean {
    return this.display('#{pane_dead}') === '1';
  }

  /** Command lines of the pane's process and its descendants, depth first, from /proc. */
  processTree(): string[] {
    const tree = processTree(this.pid);
    for (const p of tree) this.tmux.seen.add(p.pid);
    return tree.map((p) => p.cmdline);
  }

  /** Poll until `pred(screen)` holds; returns the screen, or throws after `timeoutMs`. */
  async waitFor(
    pred: (screen: string) => boolean,
    timeoutMs = 30_000,
    what = 'a condition',
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.processTree(); // remember pids as they come, so kill() finds short-lived children too
      const screen = this.capture();
      if (pred(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`lab: timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${screen}`);
      }
      await sleep(100);
    }
  }

  /**
   * Wait until the screen and title stay unchanged for `quietMs`; returns whether it settled before
   * `timeoutMs` (an animated spinner never settles: the caller decides whether that is fine).
   */
  async waitSettled(quietMs = 1500, timeoutMs = 20_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let since = Date.now();
    for (;;) {
      this.processTree();
      const now = `${this.title()}\n${this.capture()}`;
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return true;
      }
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  }
}

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses; split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      // A zombie (exited, not yet reaped) has no command line: show its name as ps does, `[name]`.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      procs.push({ pid: Number(name), ppid, cmdline: argv.length ? argv.join(' ') : `[${comm}]` });
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

/** The process `root` and its descendants, depth first, children in pid order. */
export function processTree(root: number): Proc[] {
  const procs = readProcs();
  const out: Proc[] = [];
  const visit = (pid: number) => {
    const p = procs.find((q) => q.pid === pid);
    if (!p) return;
    out.push(p);
    for (const c of procs.filter((q) => q.ppid === pid).sort((a, b) => a.pid - b.pid)) visit(c.pid);
  };
  visit(root);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
}

/** tmux processes still running with our own `-L <socket>` (a server that did not exit). */
function tmuxServersOn(socket: string): number[] {
  return readProcs()
    .filter((p) => {
      const argv = p.cmdline.split(' ');
      const i = argv.indexOf('-L');
      return /tmux/.test(argv[0] ?? '') && i !== -1 && argv[i + 1] === socket;
    })
    .map((p) => p.pid);
}
