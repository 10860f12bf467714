import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/tmo.js');
const tracer = fileURLToPath(new URL('../helpers/trace-imports.mjs', import.meta.url));

const meta = fileURLToPath(new URL('../../dist/bundle/meta.json', import.meta.url));

/** esbuild's metafile: each file of the bundle and the sources and packages inside it. */
const outputs = () =>
  (JSON.parse(readFileSync(meta, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> })
    .outputs;

function bundlePackages(): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [file, { inputs }] of Object.entries(outputs())) {
    const names = Object.keys(inputs).map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1]);
    map.set(file, new Set(names.filter((n): n is string => n !== undefined)));
  }
  return map;
}

/** Which packages a CLI invocation loads: from node_modules directly, or inside the bundle files it loads. */
function packagesLoaded(args: string[], script: string[] = [bin]): Promise<Set<string> & { chunks: number }> {
  const inBundle = bundlePackages();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tracer, ...script, ...args],
      { encoding: 'utf8', env: { ...process.env, TMUX: '' } },
      (_error, _stdout, stderr) => {
        const names = new Set([...stderr.matchAll(/^\[import\] (.+)$/gm)].map((m) => m[1] ?? ''));
        const chunks = [...stderr.matchAll(/^\[chunk\] (.+)$/gm)].map((m) => m[1] ?? '');
        for (const chunk of chunks) for (const name of inBundle.get(chunk) ?? []) names.add(name);
        resolve(Object.assign(names, { chunks: chunks.length }));
      },
    );
  });
}

describe('one-shot commands', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-oneshot');
  });
  afterAll(() => t.kill());

  it('status, summary and health load neither React, Ink nor execa', async () => {
    // the tracer is trusted only if it sees a package that IS loaded, directly or inside the bundle
    const control = await packagesLoaded([], ['--input-type=module', '-e', "await import('execa')"]);
    expect(control.has('execa')).toBe(true);
    // (a worktree may link node_modules from elsewhere: `../main/node_modules/ink/…`)
    const dashChunk = Object.entries(outputs()).find(([, o]) =>
      Object.keys(o.inputs).some((i) => i.endsWith('node_modules/ink/build/index.js')),
    )?.[0];
    const url = pathToFileURL(join(root, dashChunk ?? 'none')).href;
    const bundled = await packagesLoaded(
      [],
      ['--input-type=module', '-e', `await import(${JSON.stringify(url)})`],
    );
    expect([...bundled]).toEqual(expect.arrayContaining(['ink', 'yoga-layout']));
    // and the CLI runs from the bundle — a one-shot command from its own single file (bin/bundle.js) — so
    // the check below reads what the bundle files hold
    expect((await packagesLoaded(['-L', t.socketName, 'status'])).chunks).toBe(1);
    expect(Object.keys(outputs())).toContain('dist/bundle/cmd-status.js');
    expect((await packagesLoaded(['-L', t.socketName, 'dash'])).chunks).toBeGreaterThan(1);
    for (const args of [['status', '--json'], ['summary'], ['health'], ['status', 'detailed']]) {
      const loaded = await packagesLoaded(['-L', t.socketName, ...args]);
      expect(
        [...loaded].filter((p) => /^(react|ink|execa)$/.test(p)),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it("a command's own file holds no package: its require is only Node's lookup of built-ins", () => {
    const files = [...bundlePackages()].filter(([file]) => /\/cmd-[a-z-]+\.js$/.test(file));
    expect(files.length).toBeGreaterThan(5);
    for (const [file, packages] of files) expect([...packages], file).toEqual([]);
    const status = readFileSync(join(root, 'dist/bundle/cmd-status.js'), 'utf8');
    expect(status.split('\n', 1)[0]).toContain('process.getBuiltinModule');
  });

  it('under LC_ALL=C a non-ASCII name reads exactly, over the socket and through the binary', async () => {
    t.tmux('new-session', '-d', '-s', 'café ✓');
    try {
      for (const extra of [{}, { TMO_TMUX_DIRECT: '0' }]) {
        const r = await runCli(['-L', t.socketName, 'status', '--json'], {
          // no $TMUX either: tmux takes a client inside tmux as UTF-8
          env: { LC_ALL: 'C', LANG: 'C', TMUX: undefined, ...extra },
        });
        expect(r.stderr, JSON.stringify(extra)).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout).sessions.map((s: { name: string }) => s.name)).toContain('café ✓');
      }
    } finally {
      t.tmux('kill-session', '-t', '=café ✓');
    }
  });

  it('inside tmux with no -L: the server $TMUX names, and so named', async () => {
    t.tmux('new-session', '-d', '-s', 'inside');
    try {
      const path = t.tmux('display-message', '-p', '#{socket_path}').trim();
      const r = await runCli(['status', '--json'], { env: { TMUX: `${path},1,0` } });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.server.socket).toBe(`-L ${t.socketName}`);
      expect(report.sessions.map((s: { name: string }) => s.name)).toContain('inside');
    } finally {
      t.tmux('kill-session', '-t', '=inside');
    }
  });

  it('no server is a state: status says so and exits 3, JSON flags it', async () => {
    const text = await runCli(['-L', t.socketName, 'status']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/No tmux server is running/);
    const json = await runCli(['-L', t.socketName, 'status', '--json']);
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout) as { server: { running: boolean; tmuxVersion: null }; sessions: [] };
    expect(doc.server).toMatchObject({ running: false, tmuxVersion: null });
    expect(doc.sessions).toEqual([]);
    // a broken config file does not outrank "no server"
    const config = mkdtempSync(join(tmpdir(), 'tmo-badcfg-'));
    mkdirSync(join(config, 'tmux-orchestrator'));
    writeFileSync(join(config, 'tmux-orchestrator', 'config.json'), '{ nope');
    expect((await runCli(['-L', t.socketName, 'status'], { env: { XDG_CONFIG_HOME: config } })).code).toBe(3);
    const health = await runCli(['-L', t.socketName, 'health', '--json']);
    expect(health.code).toBe(3);
    expect(JSON.parse(health.stdout)).toMatchObject({ healthy: false, total_agents: 0 });
  });

  it("never lists tmo's own hidden sessions (a running dashboard's, or one left by a killed one)", async () => {
    t.tmux('new-session', '-d', '-s', 'work', 'sh');
    t.tmux('new-session', '-d', '-s', '__tmo_4194305', 'sh');
    try {
      const json = await runCli(['-L', t.socketName, 'status', '--json']);
      const doc = JSON.parse(json.stdout) as { sessions: { name: string }[] };
      expect(doc.sessions.map((s) => s.name)).toEqual(['work']);
      for (const args of [['status'], ['summary'], ['doctor']]) {
        const r = await runCli(['-L', t.socketName, ...args]);
        expect(r.stdout, args.join(' ')).not.toContain('__tmo_');
      }
      expect((await runCli(['-L', t.socketName, 'doctor'])).stdout).toContain('1 session, 1 pane');
    } finally {
      t.tmux('kill-server');
    }
  });

  it('never prints control characters from names raw: escape sequences and newlines are shown as \\xNN', async () => {
    // A window or a process may be named anything, an escape sequence (OSC 52 sets the clipboard) included.
    // Its own server: the tests above kill theirs, and a new-session racing a dying server fails.
    const own = privateTmux('tmo-names');
    const evil = 'w\x1b]52;c;aGk=\x07\nx\x1b[31m';
    own.tmux('new-session', '-d', '-s', 'names', '-n', evil, 'bash', '-c', 'exec -a "$0" sleep 100', evil);
    try {
      for (const args of [
        ['status', 'detailed'],
        ['status'],
        ['explain', 'names:0'],
        ['summary'],
        ['health'],
      ]) {
        const r = await runCli(['-L', own.socketName, ...args]);
        expect(r.stdout, args.join(' ')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
      }
      const detailed = (await runCli(['-L', own.socketName, 'status', 'detailed'])).stdout;
      expect(detailed).toContain('w\\x1b]52;c;aGk=\\x07\\x0ax\\x1b[31m'); // the window name, and the command
      expect(detailed.split('w\\x1b]52').length).toBe(3);
      // JSON keeps the exact value (JSON escapes it itself).
      const json = JSON.parse((await runCli(['-L', own.socketName, 'status', '--json'])).stdout) as {
        sessions: { windows: { name: string; panes: { command: string }[] }[] }[];
      };
      expect(json.sessions[0]!.windows[0]!.name).toBe(evil);
    } finally {
      own.kill();
    }
  });

  it('rejects stray arguments with exit 2', async () => {
    const r = await runCli(['-L', t.socketName, 'status', 'detaled']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unexpected argument "detaled"/);
  });
});
