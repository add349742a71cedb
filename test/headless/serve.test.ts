/**
 * `headroom serve --demo` as a user starts it: the real CLI in its own process, the two address lines first, the
 * contract over HTTP with the demo tenant behind it, the per-launch token from its file, a clean stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract';
import { tokenFileName } from '../../electron/headless/token-file';
import { startCli } from './cli-process';

const root = join(import.meta.dirname, '..', '..');

let child: ChildProcess;
const lines: string[] = [];
let runtimeDir: string;
let dataDir: string;
let uiUrl: string;
let gatewayUrl: string;

beforeAll(async () => {
  runtimeDir = await mkdtemp(join(tmpdir(), 'headroom-run-'));
  dataDir = await mkdtemp(join(tmpdir(), 'headroom-data-'));
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/cli.ts', 'serve', '--demo', '--port', '0', '--gateway-port', '0'],
    {
      cwd: root,
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, HEADROOM_DATA_DIR: dataDir, HEADROOM_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!child.stdout) throw new Error('serve has no stdout');
  const reader = createInterface({ input: child.stdout });
  const firstTwo = new Promise<void>((resolve) => {
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) resolve();
    });
  });
  await Promise.race([firstTwo, once(child, 'exit').then(() => Promise.reject(new Error('serve exited early')))]);
  const [uiLine = '', gatewayLine = ''] = lines;
  uiUrl = uiLine.replace('Headroom UI at ', '');
  gatewayUrl = gatewayLine.replace('Headroom gateway at ', '');
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await rm(runtimeDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function call(method: string, token?: string): Promise<Response> {
  return fetch(new URL(`api/${method}`, uiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-headroom-token': token } : {}) },
    body: '',
  });
}

describe('headroom serve --demo', () => {
  it('prints exactly the UI and gateway addresses first', () => {
    expect(lines[0]).toMatch(/^Headroom UI at http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines[1]).toMatch(/^Headroom gateway at http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\/$/);
  });

  it('serves the snapshot of the demo tenant, marked demo, with the gateway address', async () => {
    const snapshot = (await (await fetch(new URL('api/snapshot', uiUrl))).json()) as Snapshot;
    expect(snapshot.mode).toBe('demo');
    expect(snapshot.gateway.baseUrl).toBe(gatewayUrl);
    expect(snapshot.thresholds.sleepAtPercent).toBe(90);
  });

  it('changes nothing without the per-launch token, which another local tool finds in a file only the user can read', async () => {
    const refused = await call('wakeUp');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/token/i);
    const tokenPath = join(runtimeDir, 'headroom', tokenFileName(Number(new URL(uiUrl).port)));
    expect((await stat(tokenPath)).mode & 0o777).toBe(0o600);
    const token = await readFile(tokenPath, 'utf8');
    const woken = await call('wakeUp', token);
    expect(woken.status).toBe(200);
    expect(await woken.json()).toMatchObject({ woken: false });
  });

  it('keeps its own token file while a second host of the same user starts and stops, and its 403 names it', async () => {
    const second = startCli(['serve', '--demo', '--port', '0', '--gateway-port', '0'], {
      XDG_RUNTIME_DIR: runtimeDir,
      HEADROOM_DATA_DIR: dataDir,
      HEADROOM_SECRET: '',
    });
    try {
      await second.line(/^Headroom gateway at /);
      second.child.kill('SIGTERM');
      expect(await second.ended).toEqual({ code: 0, signal: null });
    } finally {
      await second.kill();
    }
    const refusal = ((await (await call('wakeUp')).json()) as { error: string }).error;
    const named = /reads it from this host's own file, (.+) \(one file per port/.exec(refusal)?.[1];
    expect(named).toBe(join(runtimeDir, 'headroom', tokenFileName(Number(new URL(uiUrl).port))));
    const woken = await call('wakeUp', await readFile(named ?? '', 'utf8'));
    expect(woken.status).toBe(200);
  }, 30_000);

  it('stops cleanly on SIGTERM and takes its token file with it', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(stat(join(runtimeDir, 'headroom', tokenFileName(Number(new URL(uiUrl).port))))).rejects.toThrow();
  }, 30_000);
});
