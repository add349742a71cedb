/**
 * `headroom serve` against a tenant (the simulator) with the secret from HEADROOM_SECRET: the whole run, every
 * answer, event and log line, is searched for the secret, the stored one and a wrong one typed into Test connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFileName } from '../../electron/headless/token-file';
import { LOG_FILE_NAME } from '../../electron/service/log-file';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';

const root = join(import.meta.dirname, '..', '..');
const wrongSecret = 'not-the-secret-8c1f';

let simulator: Simulator;
let child: ChildProcess;
let output = '';
let runtimeDir: string;
let dataDir: string;
let uiUrl: string;
const answers: string[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, latency: false });
  runtimeDir = await mkdtemp(join(tmpdir(), 'headroom-run-'));
  dataDir = await mkdtemp(join(tmpdir(), 'headroom-data-'));
  const args = ['--autotask-url', simulator.baseUrl, '--username', demoUser.username];
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/headless/cli.ts',
      'serve',
      ...args,
      '--integration-code',
      demoUser.integrationCode,
    ].concat(['--port', '0', '--gateway-port', '0']),
    {
      cwd: root,
      env: {
        ...process.env,
        XDG_RUNTIME_DIR: runtimeDir,
        HEADROOM_DATA_DIR: dataDir,
        HEADROOM_SECRET: demoUser.secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  if (!child.stdout) throw new Error('serve has no stdout');
  const lines = createInterface({ input: child.stdout });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  lines.on('line', (line) => (output += `${line}\n`));
  uiUrl = (await first).replace('Headroom UI at ', '');
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await simulator.close();
  await rm(runtimeDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function answer(path: string, init?: RequestInit): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(path, uiUrl), init);
  const text = await response.text();
  answers.push(text);
  return { status: response.status, text };
}

const launchToken = () => readFile(join(runtimeDir, 'headroom', tokenFileName(Number(new URL(uiUrl).port))), 'utf8');

async function post(method: string, body: unknown): Promise<{ status: number; text: string }> {
  const token = await launchToken();
  return answer(`api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-headroom-token': token },
    body: JSON.stringify(body),
  });
}

describe('headroom serve against a tenant', () => {
  it('watches it live, with the stored secret write-only', async () => {
    const snapshot = JSON.parse((await answer('api/snapshot')).text) as { mode: string };
    expect(snapshot.mode).toBe('live');
    const connection = JSON.parse((await post('getConnection', undefined)).text) as Record<string, unknown>;
    expect(connection).toMatchObject({ username: demoUser.username, secretStored: true, secretKeeping: 'memory' });
  });

  it('says in words that a wrong secret is wrong', async () => {
    const tested = JSON.parse(
      (
        await post('testConnection', {
          autotaskBaseUrl: simulator.baseUrl,
          username: demoUser.username,
          integrationCode: demoUser.integrationCode,
          secret: wrongSecret,
        })
      ).text,
    ) as { ok: boolean; kind?: string; message?: string };
    expect(tested).toMatchObject({ ok: false, kind: 'bad-credentials' });
    expect(tested.message).toMatch(/secret/i);
  });

  it('never shows either secret in an answer, the metrics or a log line of the run, nor in its log file', async () => {
    await answer('metrics');
    await answer('api/snapshot');
    const token = await launchToken();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const logged = await readFile(join(dataDir, LOG_FILE_NAME), 'utf8');
    expect(logged).toMatch(/^\S+Z Headroom \S+ serve starting: live, UI port 0, gateway port 0\n/);
    expect(logged).toMatch(/ watching the live tenant at /);
    expect(logged).toMatch(/ serve stopped\n$/);
    expect(logged).not.toContain(token);
    for (const secret of [demoUser.secret, wrongSecret]) {
      expect(output).not.toContain(secret);
      expect(logged).not.toContain(secret);
      for (const text of answers) expect(text).not.toContain(secret);
    }
  }, 30_000);
});
