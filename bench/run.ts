/**
 * `npm run bench`: builds private tmux servers and prints figures and ratios. Never touches the default
 * tmux server. Sections can be picked: `npm run bench -- snapshot agents`.
 */
import { benchAgents } from './agents.js';
import { benchDash } from './dash.js';
import { benchEvents } from './events.js';
import { benchEventsSteady } from './events-steady.js';
import { benchHooks } from './hooks.js';
import { benchNet } from './net.js';
import { benchOrch } from './orch.js';
import { benchSend } from './send.js';
import { benchSnapshot } from './snapshot.js';
import { benchSoak } from './soak.js';
import { benchSpeed } from './speed.js';

type Section = [name: string, run: () => Promise<string[]>];
const SECTIONS: Section[] = [
  ['snapshot', benchSnapshot],
  ['speed', benchSpeed],
  ['agents', benchAgents],
  ['send', benchSend],
  ['events', benchEvents],
  ['events-steady', benchEventsSteady],
  ['net', benchNet],
  ['orch', benchOrch],
  ['dash', benchDash],
  ['hooks', benchHooks],
];
/** Run only when named: `npm run bench -- soak [minutes]`. */
const ON_REQUEST: Section[] = [
  ['soak', () => benchSoak(Number(process.argv.slice(2).find((a) => /^\d+$/.test(a))) || 10)],
];

const wanted = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
console.log(`Tmux Orchestrator benchmark · Node ${process.version} · ${new Date().toISOString()}`);
for (const [name, fn] of [...SECTIONS, ...ON_REQUEST]) {
  if (wanted.length ? !wanted.includes(name) : ON_REQUEST.some(([n]) => n === name)) continue;
  const t0 = performance.now();
  for (const line of await fn()) console.log(line);
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
