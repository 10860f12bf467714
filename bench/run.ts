/**
 * `npm run bench`: builds private tmux servers and prints figures and ratios. Never touches the default
 * tmux server. Sections can be picked: `npm run bench -- snapshot agents`.
 */
import { benchAgents } from './agents.js';
import { benchDash } from './dash.js';
import { benchEvents } from './events.js';
import { benchNet } from './net.js';
import { benchOrch } from './orch.js';
import { benchSend } from './send.js';
import { benchSnapshot } from './snapshot.js';

type Section = [name: string, run: () => Promise<string[]>];
const SECTIONS: Section[] = [
  ['snapshot', benchSnapshot],
  ['agents', benchAgents],
  ['send', benchSend],
  ['events', benchEvents],
  ['net', benchNet],
  ['orch', benchOrch],
  ['dash', benchDash],
];

const wanted = process.argv.slice(2);
console.log(`Tmux Orchestrator benchmark · Node ${process.version} · ${new Date().toISOString()}`);
for (const [name, fn] of SECTIONS) {
  if (wanted.length && !wanted.includes(name)) continue;
  const t0 = performance.now();
  for (const line of await fn()) console.log(line);
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
