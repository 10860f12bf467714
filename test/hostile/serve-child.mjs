// A `tmo serve` event server alone in this process (the built code from dist/, a source with no tmux behind
// it), so a hostile test can read the server's own memory. Messages over IPC: sends {port} when listening;
// "mark" starts measuring (RSS now, then sampled every 10 ms), "rss" answers {before, now, peak} in bytes.
import { startEventServer } from '../../dist/src/net/server.js';

const world = {
  snapshot: { takenAt: 0, server: { running: true, socket: 'test' }, sessions: [] },
  agents: {},
};
const source = {
  kind: 'embedded',
  label: 'child',
  start: async () => {},
  stop: async () => {},
  getState: () => world,
  getConnection: () => ({ status: 'connected' }),
  subscribe: () => () => {},
  onConnection: () => () => {},
  send: async (target) => ({ status: 'refused', target, detail: 'child', bytes: 0 }),
  capture: async () => '',
};
const TOKEN = process.argv[2] ?? 'hostile-token-0123456789';
const server = await startEventServer({
  source,
  verify: (secret) => (secret === TOKEN ? { id: 'w', name: 'writer', permissions: ['read', 'write'] } : null),
  host: '127.0.0.1',
  port: 0,
  limits: { ratePerSecond: 1000, rateBurst: 1000 },
});
const rss = () => process.memoryUsage().rss;
let before = 0;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, rss());
}, 10);
sampler.unref();
process.on('message', (m) => {
  if (m === 'mark') {
    before = rss();
    peak = before;
    process.send?.({ marked: before });
  }
  if (m === 'rss') {
    const now = rss();
    peak = Math.max(peak, now);
    process.send?.({ before, now, peak });
  }
  if (m === 'exit') void server.close().then(() => process.exit(0));
});
process.send?.({ port: server.port });
