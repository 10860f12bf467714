/**
 * Codex (`@openai/codex`) in the lab, against lab/servers/openai.ts (the Responses API).
 * Offline needs: `~/.codex/config.toml` with a custom model provider (`base_url`, `wire_api = "responses"`,
 * `requires_openai_auth = false`, `supports_websockets = false`, retries 0) and a model slug Codex knows
 * (`gpt-6-sol`: an unknown slug adds a "model metadata not found" warning and other tools). Writes ask
 * because of `approval_policy = "on-request"` + `sandbox_mode = "read-only"`. The trust screen shows only
 * in a git repo, so every project is `git init`ed; scenarios other than `trust` pre-trust it in the config.
 * Codex starts an app-server daemon under `~/.codex` (a 400 MB copy of itself per HOME, ~40 s on a busy
 * machine): the first run's copy is cached beside the install and symlinked into later HOMEs. After each
 * scenario the daemon is stopped (`codex app-server daemon stop`) and whatever still runs from that HOME
 * is killed by pid.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPinned } from '../core/install.js';
import type { CliDriver, LabContext, Scenario, Step } from '../core/scenario.js';
import { git, killUnder, onPath, patient, resized } from '../lib/procs.js';
import { startOpenAI } from '../servers/openai.js';
import type { Turn } from '../servers/stub.js';

export const VERSION = '0.171.0';
const MODEL = 'gpt-6-sol';

export interface CodexModel {
  turns: Turn[];
  /** Do not pre-trust the project (the trust screen shows). */
  fresh?: boolean;
  /** Extra lines for config.toml (top level). */
  config?: string;
}

let bin = '';
let dir = '';

/** Type a prompt, then Enter a moment later (typed-then-Enter at once is taken as a paste: a newline). */
const prompt = (text: string): Step[] => [
  { type: text, settle: false },
  { pause: 700, keys: ['Enter'], settle: false },
];
/** The composer with its footer (`GPT-6-Sol medium · ~/project`) once the daemon answered. */
const ready: Step = { until: /· ~\/project/, settle: 1500, timeout: 120_000 };

/** The part of each error that the screen was seen to show (401: the server's message; 429/500: Codex's own). */
const SHOWN: Record<number, string> = {
  401: 'Incorrect API key provided',
  429: 'exceeded retry limit, last status: 429',
  500: 'experiencing high demand',
};

const PERMISSION_OPTIONS = [
  'Yes, proceed',
  "Yes, and don't ask again for commands that start with …",
  'No, and tell Codex what to do differently',
];

/** The model asks to run `touch hello.txt` out of the read-only sandbox (the shell approval scenarios). */
const ESCALATED_TOUCH = {
  turns: [
    {
      text: 'I will create the file.',
      call: {
        name: 'exec_command',
        args: {
          cmd: 'touch hello.txt',
          sandbox_permissions: 'require_escalated',
          justification: 'Create hello.txt in the project?',
        },
      },
    },
  ],
};

const scenarios: Scenario<CodexModel>[] = [
  {
    name: 'trust',
    description: 'First start in a git repo: the folder trust screen.',
    expected: {
      state: 'waiting',
      reason: 'trust',
      options: ['Trust and continue', 'Back to Agent Command Center'],
    },
    model: { turns: [], fresh: true },
    steps: [{ until: /Trust this folder/, timeout: 120_000, settle: 2000, record: true }],
  },
  {
    name: 'idle-after-answer',
    description: 'A short answer, then the empty composer.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.', chunkMs: 50 }] },
    steps: [ready, ...prompt('What is the answer?'), { until: /Worked for/, record: true }],
  },
  {
    name: 'working-streaming',
    description: 'Text streams slowly: Codex draws no Working line, only growing text and a braille title.',
    expected: { state: 'working' },
    model: {
      turns: [
        {
          text: 'Streaming a long answer slowly, word by word, so that the screen keeps changing while the model talks. '.repeat(
            6,
          ),
          chunkMs: 400,
        },
      ],
    },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /word by word, so that/, settle: false },
      { pause: 1500, settle: false, record: true },
      { pause: 2500, settle: false, record: { name: 'working-streaming-later' } },
    ],
  },
  {
    name: 'working-thinking',
    description: 'The model accepted the request but sends nothing yet: the Working (…) status line.',
    expected: { state: 'working' },
    model: { turns: [{ hang: true }] },
    steps: [
      ready,
      ...prompt('Think hard about this'),
      { until: /Working|esc to interrupt/, pause: 3000, settle: false, record: true },
    ],
  },
  {
    name: 'permission-shell',
    description:
      'The model runs a command that needs escalation out of the read-only sandbox: approval dialog.',
    expected: { state: 'waiting', reason: 'permission', options: PERMISSION_OPTIONS },
    model: ESCALATED_TOUCH,
    steps: [ready, ...prompt('create hello.txt'), { until: /Would you like to run/, record: true }],
  },
  {
    name: 'permission-rejected',
    description: 'The shell approval dialog answered with its third option (No, and tell Codex …).',
    expected: { state: 'idle' },
    model: ESCALATED_TOUCH,
    steps: [
      ready,
      ...prompt('create hello.txt'),
      { until: /Would you like to run/ },
      { keys: ['Down'], pause: 500, settle: 1000 },
      { keys: ['Down'], pause: 500, settle: 1000 },
      {
        keys: ['Enter'],
        until: /^(?![\s\S]*(?:Would you like to run|esc to interrupt))[\s\S]*hello\.txt/,
        settle: 3000,
        record: true,
      },
    ],
  },
  {
    name: 'working-tool',
    description: 'The model runs a long command inside the read-only sandbox (no approval): it runs.',
    expected: { state: 'working' },
    model: {
      // Without a long yield the command goes to a background terminal and the turn ends at once.
      turns: [
        {
          text: 'I will wait for the build.',
          call: { name: 'exec_command', args: { cmd: 'sleep 600', yield_time_ms: 30000 } },
        },
        { hang: true },
      ],
    },
    steps: [
      ready,
      ...prompt('wait for the build'),
      // The command is not drawn: the Working line says `1 background terminal running`.
      { until: /Working[^\n]*background terminal running/, settle: false },
      { pause: 3000, settle: false, record: true },
    ],
  },
  {
    name: 'permission-edit',
    description: 'The model applies a patch in the read-only sandbox: the file-change approval dialog.',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: [
        'Yes, proceed',
        "Yes, and don't ask again for these files",
        'No, and tell Codex what to do differently',
      ],
    },
    model: {
      turns: [
        {
          text: 'I will add a greeting file.',
          custom: {
            name: 'apply_patch',
            input: '*** Begin Patch\n*** Add File: greeting.txt\n+Hello from the lab\n*** End Patch\n',
          },
        },
      ],
    },
    steps: [
      ready,
      ...prompt('add greeting.txt'),
      { until: /Would you like to make|apply|changes\?/i, record: true },
    ],
  },
  {
    name: 'question',
    description: 'Plan mode (shift+tab), the model asks with request_user_input: the question dialog.',
    expected: {
      state: 'waiting',
      reason: 'question',
      options: ['Postgres (Recommended)', 'SQLite', 'None of the above'],
    },
    model: {
      turns: [
        {
          call: {
            name: 'request_user_input',
            args: {
              questions: [
                {
                  id: 'db_choice',
                  header: 'Database',
                  question: 'Which database should the service use?',
                  options: [
                    { label: 'Postgres (Recommended)', description: 'Robust and already in the stack.' },
                    { label: 'SQLite', description: 'Simple, one file, no server.' },
                  ],
                },
              ],
            },
          },
        },
      ],
    },
    steps: [
      ready,
      { keys: ['BTab'], until: /Plan/i },
      ...prompt('Plan a storage layer'),
      { until: /Which database/, record: true },
    ],
  },
  ...[401, 429, 500].map(
    (status): Scenario<CodexModel> => ({
      name: `error-${status}`,
      description: `The model server answers HTTP ${status}; retries are off.`,
      expected: { state: 'error', message: SHOWN[status]! },
      model: { turns: new Array(6).fill({ status }) },
      steps: [ready, ...prompt('Say hello'), { until: new RegExp(`${status}|error`, 'i'), record: true }],
    }),
  ),
  {
    name: 'interrupt',
    description: 'Esc while the model streams: the turn is interrupted, the composer is back.',
    expected: { state: 'idle' },
    model: { turns: [{ hang: true, text: 'Starting a long answer that will never finish ', chunkMs: 200 }] },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /never finish/, settle: false },
      { pause: 1000, keys: ['Escape'], until: /interrupt/i, record: true },
    ],
  },
  {
    name: 'exit',
    description: 'After an answer, /exit: Codex ends and the shell prompt is back.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ready,
      ...prompt('What is the answer?'),
      { until: /Worked for/ },
      ...prompt('/exit'),
      { until: /\$ $/m, timeout: 30_000, record: true },
    ],
  },
];

resized(scenarios, ['idle-after-answer', 'permission-shell']);

/** The daemon's copy of Codex, cached beside the install after the first run. */
const releasesCache = () => join(dir, 'daemon-releases');
const releasesIn = (home: string) => join(home, '.codex', 'packages', 'app-server-daemon', 'releases');

async function prepare(ctx: LabContext, s: Scenario<CodexModel>) {
  const server = await startOpenAI(s.model.turns);
  git(ctx.project);
  const codexHome = join(ctx.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  if (existsSync(releasesCache())) {
    mkdirSync(join(releasesIn(ctx.home), '..'), { recursive: true });
    symlinkSync(releasesCache(), releasesIn(ctx.home));
  }
  const lines = [
    `model = "${MODEL}"`,
    'model_provider = "lab"',
    'approval_policy = "on-request"',
    'sandbox_mode = "read-only"',
    s.model.config ?? '',
    '',
    '[model_providers.lab]',
    'name = "Lab"',
    `base_url = "${server.url}/v1"`,
    'wire_api = "responses"',
    'requires_openai_auth = false',
    'supports_websockets = false',
    'request_max_retries = 0',
    'stream_max_retries = 0',
  ];
  if (!s.model.fresh) lines.push('', `[projects."${ctx.project}"]`, 'trust_level = "trusted"');
  writeFileSync(join(codexHome, 'config.toml'), `${lines.join('\n')}\n`);
  const PATH = onPath(ctx.home, bin, 'codex');
  const sockets = daemonSockets();
  return {
    command: 'codex',
    env: { PATH },
    stop: async () => {
      try {
        execFileSync(bin, ['app-server', 'daemon', 'stop'], {
          env: { ...process.env, HOME: ctx.home },
          stdio: 'ignore',
          timeout: 15_000,
        });
      } catch {
        // not running
      }
      const releases = releasesIn(ctx.home);
      if (!existsSync(releasesCache()) && existsSync(releases)) cacheReleases(releases);
      killUnder(ctx.home);
      for (const f of daemonSockets()) if (!sockets.has(f)) rmSync(f, { force: true });
      await server.stop();
    },
  };
}

/** Keep the finished releases (not `.staging.*`), symlinks kept relative, so later HOMEs can link them. */
function cacheReleases(releases: string): void {
  mkdirSync(releasesCache());
  for (const r of readdirSync(releases).filter((f) => !f.startsWith('.')))
    cpSync(join(releases, r), join(releasesCache(), r), { recursive: true, verbatimSymlinks: true });
}

/** The daemons' control sockets (`/tmp/codex-daemon-<uid>/<hash>`): ours are removed after a run. */
function daemonSockets(): Set<string> {
  const d = `/tmp/codex-daemon-${process.getuid?.() ?? 0}`;
  try {
    return new Set(readdirSync(d).map((f) => join(d, f)));
  } catch {
    return new Set();
  }
}

export const driver: CliDriver<CodexModel> = {
  cli: 'codex',
  version: VERSION,
  setup() {
    const installed = installPinned('@openai/codex', VERSION, 'codex');
    bin = installed.bin;
    dir = installed.dir;
  },
  prepare,
  scenarios: patient(scenarios),
};
