import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../electron/headless/check-command';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';

/** `headroom check` against the simulator over real HTTP. Each check's own ThresholdInformation call counts one. */
const root = join(import.meta.dirname, '..', '..');
const env = { HEADROOM_SECRET: demoUser.secret };
// One try per read here, so a failure is answered at once; the spawned CLI keeps the real retries.
const deps = { retry: { maxRetries: 0 } };

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latency: false, limit: 10_000, load: 'quiet' });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(async () => {
  await admin('POST', 'reset');
});

async function admin(method: string, action: string, body?: unknown): Promise<void> {
  const response = await fetch(`${simulator.origin}/_sim/${action}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

/** The other integrations' calls in the window, so that the check's own call makes it `total`. */
const othersUpTo = (total: number) => admin('POST', 'usage', { count: total - 1 });

function argsFor(baseUrl: string, ...extra: string[]): string[] {
  return [
    '--autotask-url',
    baseUrl,
    '--username',
    demoUser.username,
    '--integration-code',
    demoUser.integrationCode,
    ...extra,
  ];
}

const check = (...extra: string[]) => runCheckCommand(argsFor(simulator.baseUrl, ...extra), env, deps);

/** The real CLI, as an RMM agent runs it: its exit code and everything it printed. */
async function spawnCheck(
  args: string[],
  secret: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron', 'headless', 'cli.ts'), 'check', ...args],
    {
      cwd: root,
      env: { ...process.env, HEADROOM_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** An address on loopback where nothing listens. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/ATServicesRest/`;
}

describe('headroom check against the simulator', () => {
  it('is OK below --warning', async () => {
    expect(await check()).toEqual({
      exitCode: 0,
      output: 'HEADROOM OK - 1 of 10,000 calls (0%) in the last 60 min | used=1;7500;9000;0;10000',
    });
    await admin('POST', 'reset');
    await othersUpTo(7_499);
    expect(await check()).toEqual({
      exitCode: 0,
      output: 'HEADROOM OK - 7,499 of 10,000 calls (74%) in the last 60 min | used=7499;7500;9000;0;10000',
    });
  });

  it('is WARNING from --warning on', async () => {
    await othersUpTo(7_500);
    expect(await check()).toEqual({
      exitCode: 1,
      output: 'HEADROOM WARNING - 7,500 of 10,000 calls (75%) in the last 60 min | used=7500;7500;9000;0;10000',
    });
  });

  it('is CRITICAL from --critical on, with the thresholds given', async () => {
    await othersUpTo(9_000);
    expect(await check()).toEqual({
      exitCode: 2,
      output: 'HEADROOM CRITICAL - 9,000 of 10,000 calls (90%) in the last 60 min | used=9000;7500;9000;0;10000',
    });
    await admin('POST', 'reset');
    await othersUpTo(6_000);
    expect(await check('--warning', '50', '--critical', '60')).toEqual({
      exitCode: 2,
      output: 'HEADROOM CRITICAL - 6,000 of 10,000 calls (60%) in the last 60 min | used=6000;5000;6000;0;10000',
    });
  });

  it('is CRITICAL when Autotask refuses the check itself at the limit', async () => {
    await admin('POST', 'usage', { count: 10_000 });
    const outcome = await check();
    expect(outcome.exitCode).toBe(2);
    expect(outcome.output).toMatch(
      /^HEADROOM CRITICAL - the tenant is at Autotask's API limit: Autotask refused the usage check \(calls resume in about [\d,]+ s\)$/,
    );
  });

  it('is UNKNOWN for a wrong secret, and does not print the secret it was given', async () => {
    const outcome = await runCheckCommand(argsFor(simulator.baseUrl), { HEADROOM_SECRET: 'wrong-secret-123' }, deps);
    expect(outcome).toEqual({
      exitCode: 3,
      output:
        'HEADROOM UNKNOWN - Autotask did not accept the API credentials: check --username, --integration-code and HEADROOM_SECRET.',
    });
  });

  it('is UNKNOWN for a secret with a character a header cannot carry, saying so rather than blaming the network', async () => {
    for (const secret of [`${demoUser.secret}€`, `${demoUser.secret}é`]) {
      const outcome = await runCheckCommand(argsFor(simulator.baseUrl), { HEADROOM_SECRET: secret }, deps);
      expect(outcome).toEqual({
        exitCode: 3,
        output:
          'HEADROOM UNKNOWN - The Autotask connection settings cannot be used: API secret has a character that is ' +
          'not a plain ASCII letter, digit or symbol (character 12): Autotask secrets have none, and a header ' +
          'cannot carry one reliably; copy the secret again from the API user.',
      });
    }
  });

  it('is UNKNOWN for an API user the zone lookup does not know', async () => {
    const args = ['--autotask-url', simulator.baseUrl, '--username', 'nobody@example.com', '--integration-code', 'X'];
    expect(await runCheckCommand(args, env, deps)).toEqual({
      exitCode: 3,
      output: 'HEADROOM UNKNOWN - Autotask does not know the API user "nobody@example.com": check --username.',
    });
  });

  it('is UNKNOWN when there is no Autotask at the address', async () => {
    const baseUrl = await deadAddress();
    const outcome = await runCheckCommand(argsFor(baseUrl), env, deps);
    expect(outcome).toEqual({
      exitCode: 3,
      output: `HEADROOM UNKNOWN - Could not reach Autotask at ${new URL(baseUrl).host}. Check the network connection.`,
    });
  });

  it('is UNKNOWN once --timeout-seconds have passed, retries included', async () => {
    await admin('POST', 'faults', { kind: 'timeout', path: 'ThresholdInformation' });
    const started = Date.now();
    const outcome = await runCheckCommand(argsFor(simulator.baseUrl, '--timeout-seconds', '1'), env);
    expect(outcome).toEqual({ exitCode: 3, output: 'HEADROOM UNKNOWN - Autotask did not answer within 1 s.' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('is UNKNOWN with Autotask trouble in words', async () => {
    await admin('POST', 'faults', { kind: 'server-error', status: 503, count: 1 });
    expect(await check()).toEqual({
      exitCode: 3,
      output: 'HEADROOM UNKNOWN - Autotask had a server error (HTTP 503). Try again later.',
    });
  });
});

describe('the headroom check CLI, spawned as an RMM agent runs it', () => {
  it('prints one WARNING line and exits 1', async () => {
    await othersUpTo(7_900);
    const { code, stdout, stderr } = await spawnCheck(argsFor(simulator.baseUrl), demoUser.secret);
    expect(stdout).toBe(
      'HEADROOM WARNING - 7,900 of 10,000 calls (79%) in the last 60 min | used=7900;7500;9000;0;10000\n',
    );
    expect(code, stderr).toBe(1);
    expect(stdout + stderr).not.toContain(demoUser.secret);
  });

  it('prints one UNKNOWN line and exits 3 for a wrong secret, without the secret or a stack', async () => {
    const wrongSecret = 'wrong-secret-4f9a';
    const { code, stdout, stderr } = await spawnCheck(argsFor(simulator.baseUrl), wrongSecret);
    expect(stdout).toBe(
      'HEADROOM UNKNOWN - Autotask did not accept the API credentials: check --username, --integration-code and HEADROOM_SECRET.\n',
    );
    expect(code).toBe(3);
    expect(stdout + stderr).not.toContain(wrongSecret);
    expect(stdout + stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('prints one UNKNOWN line and exits 3 for bad options', async () => {
    const { code, stdout } = await spawnCheck(argsFor(simulator.baseUrl, '--critical', '101'), demoUser.secret);
    expect(stdout).toBe('HEADROOM UNKNOWN - --critical must be a whole number of percent from 1 to 100.\n');
    expect(code).toBe(3);
  });
});
