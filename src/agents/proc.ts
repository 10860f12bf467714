/**
 * The process table, read once per scan: /proc where present (Linux), `ps` otherwise (macOS, BSD).
 */
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { childProcess } from '../model/child-process.js';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** Kernel name of the process (`/proc/N/comm`, ≤ 15 chars), or argv[0]'s basename from `ps`. */
  comm: string;
  args: string[];
}

const buffer = Buffer.alloc(64 * 1024);

/**
 * procfs hands a file of less than a page whole to the first read: a shorter answer than that is the
 * end, no second read needed to see 0 (≈ 15 % of a full scan's time; a longer file is read to its end).
 */
const WHOLE_BELOW = 4096;

/** Read a procfs file with one open/read/close: `readFileSync` is ~6× slower on procfs (size 0). */
function readSmall(path: string, encoding: BufferEncoding): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break; // argv beyond 64 KiB is cut: basenames come first anyway
      if (length === n && n < WHOLE_BELOW) break;
    }
    return buffer.toString(encoding, 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether process `pid` runs: it exists (someone else's counts) and is not a zombie — dead, waiting to be
 * reaped, which a container's init may take seconds to do (1.5 s seen here). A killed daemon's pid file
 * must not look owned meanwhile. Without /proc, existing is all we can tell.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let stat: string;
  try {
    stat = readSmall(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return !existsSync('/proc/self/stat'); // procfs there, the process not: gone meanwhile
  }
  return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z'; // "pid (comm) S …"
}

/** A process's argv from /proc; undefined when it is gone, not ours to read, or there is no /proc. */
export function processArgs(pid: number): string[] | undefined {
  let cmdline: string;
  try {
    cmdline = readSmall(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
  const args = cmdline.split('\0');
  if (args.length && args[args.length - 1] === '') args.pop();
  return args;
}

function readProc(pid: number, threads?: { count: number }): ProcInfo | undefined {
  try {
    const stat = readSmall(`/proc/${pid}/stat`, 'latin1');
    const args = processArgs(pid);
    if (!args) return undefined;
    // stat: "pid (comm) state ppid …" — comm may hold spaces and parentheses: take the LAST ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (open === -1 || close === -1) return undefined;
    const comm = Buffer.from(stat.slice(open + 1, close), 'latin1').toString('utf8');
    const fields = stat.slice(close + 2).split(' ');
    const ppid = Number.parseInt(fields[1] ?? '', 10);
    // "state ppid pgrp … num_threads": the 18th field after the name
    if (threads) threads.count = Number.parseInt(fields[17] ?? '', 10) || 0;
    return { pid, ppid: Number.isFinite(ppid) ? ppid : 0, comm, args };
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

/**
 * A read of many processes, in slices: between two the caller may let the event loop run. Synchronous
 * within a slice on purpose: ~300 tiny procfs reads cost a few ms in a row, ≈20 ms as 600 promises.
 */
type Reads<T> = Generator<void, T, void>;
/** How long a slice reads before it lets the event loop run (paced, below). */
const SLICE_MS = 5;

/**
 * Run a read, letting the event loop run between its slices: a read beside a tmux call then takes in that
 * call's output as it comes. It did not: at 1,000 panes tmux's ≈ 130 KB filled the pipe and tmux waited,
 * blocked, for the whole read (≈ 50 ms more before the snapshot came back).
 */
async function paced<T>(reads: Reads<T>): Promise<T> {
  for (;;) {
    const step = reads.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A slice's clock: `over()` says, once per SLICE_MS, that it is time to let the loop run. */
function slices(): { over(): boolean } {
  let due = performance.now() + SLICE_MS;
  return {
    over() {
      const now = performance.now();
      if (now < due) return false;
      due = now + SLICE_MS;
      return true;
    },
  };
}

function* procFsReads(): Reads<Map<number, ProcInfo>> {
  const map = new Map<number, ProcInfo>();
  const clock = slices();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProc(Number(entry));
    if (info) map.set(info.pid, info);
    if (clock.over()) yield;
  }
  return map;
}

/** Parse `ps -eo pid=,ppid=,args=` (args split on spaces: lossy, but basenames survive). */
export function parsePs(stdout: string): Map<number, ProcInfo> {
  const map = new Map<number, ProcInfo>();
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const args = m[3]!.trim().split(/\s+/).filter(Boolean);
    const pid = Number(m[1]);
    map.set(pid, { pid, ppid: Number(m[2]), comm: basename(args[0] ?? ''), args });
  }
  return map;
}

function fromPs(): Promise<Map<number, ProcInfo>> {
  return new Promise((resolve) => {
    childProcess().execFile(
      'ps',
      ['-eo', 'pid=,ppid=,args='],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        resolve(error ? new Map() : parsePs(String(stdout)));
      },
    );
  });
}

/**
 * Only the process trees under `roots` (the panes' pids), found through `/proc/N/task/T/children`: a few
 * reads per process of the trees instead of two for every process on the machine. Undefined where the
 * kernel has no `children` files (then read the whole table).
 */
export function readProcessTrees(
  roots: readonly number[],
  limit = 20_000,
): Promise<Map<number, ProcInfo> | undefined> {
  return paced(treeReads(roots, limit));
}

function* treeReads(roots: readonly number[], limit: number): Reads<Map<number, ProcInfo> | undefined> {
  const map = new Map<number, ProcInfo>();
  const queue = roots.filter((pid) => pid > 0);
  const threads = { count: 0 };
  const clock = slices();
  while (queue.length > 0 && map.size < limit) {
    if (clock.over()) yield;
    const pid = queue.pop()!;
    if (map.has(pid)) continue;
    const info = readProc(pid, threads);
    if (!info) continue;
    map.set(pid, info);
    let tasks: string[];
    try {
      tasks = threads.count === 1 ? [String(pid)] : readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readSmall(`/proc/${pid}/task/${task}/children`, 'latin1');
      } catch {
        if (!existsSync(`/proc/${pid}/task/${task}/stat`)) continue; // that thread or process is gone
        return undefined; // no `children` files on this kernel
      }
      for (let i = 0; i < children.length; ) {
        let end = children.indexOf(' ', i);
        if (end === -1) end = children.length;
        if (end > i) queue.push(Number(children.slice(i, end)));
        i = end + 1;
      }
    }
  }
  return map;
}

/**
 * How many processes run, at most: the kernel's count of tasks in /proc/loadavg (threads included, so never
 * fewer than the processes) — one small read, where listing /proc cost ≈ 2.5 ms per 1,000 processes.
 * Then the entries of /proc; undefined without /proc.
 */
export function countProcesses(): number | undefined {
  try {
    const loadavg = readSmall('/proc/loadavg', 'latin1'); // "0.97 2.23 2.58 1/2890 12345"
    const tasks = Number.parseInt(loadavg.slice(loadavg.indexOf('/') + 1), 10);
    if (tasks > 0) return tasks;
  } catch {
    // no such file: count the entries
  }
  try {
    let n = 0;
    for (const entry of readdirSync('/proc')) {
      const c = entry.charCodeAt(0);
      if (c >= 0x30 && c <= 0x39) n++;
    }
    return n;
  } catch {
    return undefined;
  }
}

/**
 * The processes `status` needs: the trees under `roots` when that reads fewer processes than the whole
 * table would (a process of a tree costs ≈ 1.5× one of the full scan: its `children` read), else every
 * process. `total` is countProcesses() (threads counted too: a machine of many threads reads trees); undefined
 * (no /proc) means `ps`.
 */
export async function readProcessesFor(
  roots: readonly number[],
  total: number | undefined,
): Promise<Map<number, ProcInfo>> {
  if (roots.length === 0) return new Map();
  if (total !== undefined && roots.length * 1.5 < total) {
    const trees = await readProcessTrees(roots);
    if (trees) return trees;
  }
  return readProcessTable();
}

/** Every process: pid → info. Never throws: an unreadable table is an empty map. */
export async function readProcessTable(): Promise<Map<number, ProcInfo>> {
  try {
    const map = await paced(procFsReads());
    if (map.size > 0) return map;
  } catch {
    // no /proc: fall through to ps
  }
  return fromPs();
}

const childrenCache = new WeakMap<Map<number, ProcInfo>, Map<number, number[]>>();

function childrenOf(procs: Map<number, ProcInfo>): Map<number, number[]> {
  let children = childrenCache.get(procs);
  if (!children) {
    children = new Map();
    for (const p of procs.values()) {
      const list = children.get(p.ppid);
      if (list) list.push(p.pid);
      else children.set(p.ppid, [p.pid]);
    }
    childrenCache.set(procs, children);
  }
  return children;
}

/** The process `pid` and its descendants, breadth first (the pane's shell first, deepest last). */
export function processTree(procs: Map<number, ProcInfo>, pid: number, limit = 200): ProcInfo[] {
  const children = childrenOf(procs);
  if (!children.has(pid)) {
    // Most panes: one process, no children.
    const info = procs.get(pid);
    return info && limit > 0 ? [info] : [];
  }
  const out: ProcInfo[] = [];
  const queue = [pid];
  const seen = new Set<number>();
  for (let head = 0; head < queue.length && out.length < limit; ) {
    const next = queue[head++]!;
    if (seen.has(next)) continue;
    seen.add(next);
    const info = procs.get(next);
    if (info) out.push(info);
    for (const c of children.get(next) ?? []) queue.push(c);
  }
  return out;
}
