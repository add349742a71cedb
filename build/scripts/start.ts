/**
 * `npm start`: builds the renderer and the Electron bundles, then runs the tray app in Electron. The electron
 * package's binary comes from its install script, which npm does not run here (.npmrc: ignore-scripts), so where
 * it is missing this fetches it once the same way; where Electron cannot be had or cannot start, it says so in one
 * paragraph and points at the headless host (build/scripts/start-plan.ts decides).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import { buildElectron } from './build-electron';
import { runStart, type Fetched, type Launched, type Located } from './start-plan';

const root = join(import.meta.dirname, '..', '..');
const fetchTimeoutSeconds = 300;

/** The first line of a child's error output that says what went wrong, shortened for a sentence. */
function firstErrorLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? 'no message';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

async function locateElectron(): Promise<Located> {
  // In a child: require('electron') throws where the binary is missing, and caches nothing in this process.
  const child = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
  });
  if (child.status !== 0) return { found: false, reason: firstErrorLine(child.stderr) };
  const path = child.stdout.trim();
  return existsSync(path) ? { found: true, path } : { found: false, reason: `${path} does not exist` };
}

function fetchElectron(): Promise<Fetched> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe'],
      timeout: fetchTimeoutSeconds * 1000,
    });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else if (signal === 'SIGTERM') resolve({ ok: false, reason: `no answer within ${fetchTimeoutSeconds} s` });
      else resolve({ ok: false, reason: firstErrorLine(errors) });
    });
  });
}

function launch(executable: string): Promise<Launched> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env['ELECTRON_RUN_AS_NODE']; // set, it would make Electron a plain Node
    const started = performance.now();
    const child = spawn(executable, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
    // Ctrl-C reaches Electron too (same process group): let it quit and report its own exit.
    const ignoreInterrupt = () => {};
    const forwardTerminate = () => child.kill('SIGTERM');
    process.on('SIGINT', ignoreInterrupt);
    process.on('SIGTERM', forwardTerminate);
    const done = (launched: Launched) => {
      process.off('SIGINT', ignoreInterrupt);
      process.off('SIGTERM', forwardTerminate);
      resolve(launched);
    };
    child.on('error', (error) => done({ started: false, reason: error.message }));
    child.on('exit', (code, signal) =>
      done({ started: true, code, signal, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

async function main(): Promise<number> {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  await buildElectron({ root });
  const electronPackage = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  };
  return runStart({
    locateElectron,
    fetchElectron,
    launch,
    say: (line) => console.log(line),
    explain: (paragraph) => console.error(`\n${paragraph}\n`),
    electronVersion: electronPackage.version,
    hasDisplay: process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']),
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
