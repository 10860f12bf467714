/**
 * Event server figures (loopback). The server runs in a child process (this same file, started with
 * TMO_NET_BENCH_CHILD=1) so its CPU is measured apart from the clients'.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { TmoEvent } from '../src/model/events.js';
import { applyEvent, initialWorld } from '../src/model/reducer.js';
import { startEventServer } from '../src/net/server.js';
import { createRemoteSource } from '../src/source/remote.js';
import type { DataSource } from '../src/source/types.js';
import { ms, stats } from './stats.js';

const TOKEN = 'bench-token';
const wallNow = (): number => performance.timeOrigin + performance.now();

type ToChild =
  | { cmd: 'publish'; rate: number; seconds: number; ballastKb?: number }
  | { cmd: 'drop' }
  | { cmd: 'exit' };
type FromChild =
  | { kind: 'ready'; port: number }
  | {
      kind: 'done';
      published: number;
      cpuMs: number;
      wallMs: number;
      handleUs: number[];
      /** The largest send buffer the server held for one client meanwhile (KiB). */
      maxBufferedKb: number;
    };

// ---------------------------------------------------------------- child: the server
async function childMain(): Promise<void> {
  let world = initialWorld('bench');
  const listeners = new Set<(e: TmoEvent) => void>();
  const source: DataSource = {
    kind: 'embedded',
    label: 'bench',
    start: async () => {},
    stop: async () => {},
    getState: () => world,
    getConnection: () => ({ status: 'connected' }),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onConnection: () => () => {},
    send: async (target) => ({ status: 'refused', target, detail: 'bench', bytes: 0 }),
    capture: async () => '',
  };
  const push = (e: TmoEvent) => {
    world = applyEvent(world, e);
    for (const l of listeners) l(e);
  };
  const server = await startEventServer({
    source,
    verify: (s) => (s === TOKEN ? { id: 'b', name: 'bench', permissions: ['read'] } : null),
    port: 0,
    maxClients: 1000,
    authFailLimit: 1000,
  });
  const send = (m: FromChild) => process.send?.(m);
  let n = 0;
  process.on('message', (m: ToChild) => {
    if (m.cmd === 'exit') void server.close().then(() => process.exit(0));
    if (m.cmd === 'drop') for (const c of server.hub.clients) c.ws.terminate();
    if (m.cmd === 'publish') {
      const total = Math.round(m.rate * m.seconds);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let published = 0;
      let maxBuffered = 0;
      const handleUs: number[] = [];
      // Pane output beside the measured events, to fill a stalled client's socket (and the server's queue).
      const ballast = m.ballastKb ? 'x'.repeat(m.ballastKb * 1024) : '';
      // A tick every 10 ms publishes what is due: steady rate without a 1 ms timer.
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * m.rate));
        // Server work per event: this tick's events, until the hub's uncork microtask has written them.
        const h0 = performance.now();
        const count = due - published;
        for (; published < due; published++) {
          n++;
          push({
            type: 'window.renamed',
            time: Date.now(),
            session: 'bench',
            sessionId: '$1',
            window: String(wallNow()),
            windowId: '@1',
            windowIndex: 0,
            oldName: String(n),
          });
          if (ballast) push({ type: 'pane.output', time: Date.now(), paneId: '%1', text: ballast });
        }
        for (const c of server.hub.clients) maxBuffered = Math.max(maxBuffered, c.ws.bufferedAmount);
        // queued after the hub's uncork microtask, so the socket writes are included
        if (count > 0) queueMicrotask(() => handleUs.push(((performance.now() - h0) * 1000) / count));
        if (published >= total) {
          clearInterval(timer);
          const cpu = process.cpuUsage(cpu0);
          send({
            kind: 'done',
            published,
            cpuMs: (cpu.user + cpu.system) / 1000,
            wallMs: performance.now() - t0,
            handleUs,
            maxBufferedKb: maxBuffered / 1024,
          });
        }
      }, 10);
    }
  });
  send({ kind: 'ready', port: server.port });
}

// ---------------------------------------------------------------- parent: clients and figures
interface Child {
  proc: ChildProcess;
  port: number;
  publish(rate: number, seconds: number, ballastKb?: number): Promise<Extract<FromChild, { kind: 'done' }>>;
  drop(): void;
  exit(): void;
}

async function startChild(): Promise<Child> {
  const proc = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, TMO_NET_BENCH_CHILD: '1' },
  });
  const port = await new Promise<number>((resolve) =>
    proc.on('message', (m: FromChild) => m.kind === 'ready' && resolve(m.port)),
  );
  return {
    proc,
    port,
    publish: (rate, seconds, ballastKb) =>
      new Promise((resolve) => {
        const on = (m: FromChild) => {
          if (m.kind !== 'done') return;
          proc.off('message', on);
          resolve(m);
        };
        proc.on('message', on);
        proc.send({ cmd: 'publish', rate, seconds, ...(ballastKb ? { ballastKb } : {}) } satisfies ToChild);
      }),
    drop: () => proc.send({ cmd: 'drop' } satisfies ToChild),
    exit: () => proc.send({ cmd: 'exit' } satisfies ToChild),
  };
}

interface BenchClient {
  ws: WebSocket;
  received: number;
  latencies: number[];
}

async function benchClient(port: number, stalled = false): Promise<BenchClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, ['tmo.v1'], {
    headers: { Authorization: `Bearer ${TOKEN}` },
    perMessageDeflate: false,
  });
  const c: BenchClient = { ws, received: 0, latencies: [] };
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"subscription.confirmed"')) return resolve();
      if (text.includes('"hello"')) return ws.send(JSON.stringify({ action: 'subscribe' }));
      if (!text.includes('"window.renamed"')) return;
      const now = wallNow();
      const m = JSON.parse(text) as { data: { window_name: string } };
      c.received++;
      c.latencies.push(now - Number(m.data.window_name));
    });
    ws.on('error', reject);
  });
  if (stalled) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return c;
}

const closeAll = (cs: BenchClient[]) => {
  for (const c of cs) c.ws.terminate();
};

async function settle(cs: BenchClient[], expected: number, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && cs.some((c) => c.received < expected))
    await new Promise((r) => setTimeout(r, 20));
}

export async function benchNet(): Promise<string[]> {
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  const lines: string[] = [
    `WebSocket event server (loopback, server in its own process; load average ${load})`,
  ];
  const child = await startChild();
  try {
    // 1. latency at 100 events/s, one client
    const one = await benchClient(child.port);
    const done1 = await child.publish(100, 5);
    await settle([one], done1.published);
    const s1 = stats(one.latencies);
    lines.push(
      `  publish → receive, 100 ev/s, 1 client: median ${ms(s1.median)}  p99 ${ms(s1.p99)}  (n=${s1.n}, target p99 ≤ 2 ms)`,
    );
    const h1 = stats(done1.handleUs);
    lines.push(
      `  server work per event, 1 client (seq, serialise, write): median ${h1.median.toFixed(0)} µs  p99 ${h1.p99.toFixed(0)} µs`,
    );
    closeAll([one]);

    // 2. the same with a stalled client connected
    const two = await benchClient(child.port);
    const stalled = await benchClient(child.port, true);
    const done2 = await child.publish(100, 5);
    await settle([two], done2.published);
    const s2 = stats(two.latencies);
    lines.push(
      `  same with a stalled client present:   median ${ms(s2.median)}  p99 ${ms(s2.p99)}  (n=${s2.n})`,
    );
    closeAll([two, stalled]);

    // 2b. a stalled client that really falls behind: 32 KiB of pane output beside each measured event
    // (3.2 MB/s), first without it (the load alone), then with it connected and never reading.
    const withBallast = async (stall: boolean) => {
      const fast = await benchClient(child.port);
      const slow = stall ? [await benchClient(child.port, true)] : [];
      const done = await child.publish(100, 5, 32);
      await settle([fast], done.published);
      closeAll([fast, ...slow]);
      return { s: stats(fast.latencies), buffered: done.maxBufferedKb };
    };
    const alone = await withBallast(false);
    const beside = await withBallast(true);
    lines.push(
      `  with 3.2 MB/s of pane output too, alone: median ${ms(alone.s.median)}  p99 ${ms(alone.s.p99)}  (n=${alone.s.n})`,
      `  …and a stalled client beside it:        median ${ms(beside.s.median)}  p99 ${ms(beside.s.p99)}  (n=${beside.s.n}); its send buffer on the server reached ${beside.buffered.toFixed(0)} KiB, the rest queued, coalesced or dropped for a gap marker`,
    );

    // 3. 50 clients × 1000 events/s
    const many = await Promise.all(Array.from({ length: 50 }, () => benchClient(child.port)));
    const done3 = await child.publish(1000, 5);
    await settle(many, done3.published);
    const got = many.map((c) => c.received);
    const lost = got.reduce((a, g) => a + (done3.published - g), 0);
    const cpu = (done3.cpuMs / done3.wallMs) * 100;
    const s3 = stats(many.flatMap((c) => c.latencies));
    const h3 = stats(done3.handleUs);
    lines.push(
      `  50 clients × 1000 ev/s for 5 s: ${done3.published} events each, lost ${lost}; server CPU ${cpu.toFixed(0)}% of one core (target ≤ 50%); latency median ${ms(s3.median)} p99 ${ms(s3.p99)}; server work per event to 50 clients median ${h3.median.toFixed(0)} µs p99 ${h3.p99.toFixed(0)} µs`,
    );
    closeAll(many);

    // 4. resume across a dropped connection
    const remote = createRemoteSource({
      url: `ws://127.0.0.1:${child.port}`,
      token: TOKEN,
      baseMs: 20,
      capMs: 200,
    });
    let renamed = 0;
    remote.subscribe((e) => {
      if (e.type === 'window.renamed') renamed++;
    });
    await remote.start();
    const publishing = child.publish(500, 2);
    setTimeout(() => child.drop(), 700);
    const done4 = await publishing;
    const end = Date.now() + 5000;
    while (renamed < done4.published && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    lines.push(
      `  resume after a dropped connection: ${done4.published} published, ${renamed} received, lost ${done4.published - renamed}`,
    );
    await remote.stop();
  } finally {
    child.exit();
  }
  return lines;
}

if (process.env['TMO_NET_BENCH_CHILD'] === '1') void childMain();
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of await benchNet()) console.log(line);
}
