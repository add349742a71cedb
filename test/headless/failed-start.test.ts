/**
 * A start that fails, as a user meets it: the real command line in its own process, a port really taken by another
 * program, a file where the token's folder should be. It says why in one line naming what to change, stops what it
 * had started, and ends by itself with exit code 1 (a host left half-running would never end: the test times out).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoUser } from '../../electron/simulator';
import { startCli, type CliProcess } from './cli-process';
import { startHeldTenant } from './held-tenant';

let tenant: Awaited<ReturnType<typeof startHeldTenant>>;
let taken: Server;
let takenPort: number;
let home: string;
const started: CliProcess[] = [];

beforeAll(async () => {
  tenant = await startHeldTenant();
  // Another program's port: listening for the whole file, so no host can have it.
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await tenant.close();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'headroom-start-'));
});
afterEach(async () => {
  for (const cli of started.splice(0)) await cli.kill();
  await rm(home, { recursive: true, force: true });
});

function run(...args: string[]): CliProcess {
  const cli = startCli(args, {
    HEADROOM_SECRET: demoUser.secret,
    XDG_RUNTIME_DIR: join(home, 'run'),
    HEADROOM_DATA_DIR: join(home, 'data'),
  });
  started.push(cli);
  return cli;
}

const liveAgainst = (baseUrl: string) => [
  '--autotask-url',
  baseUrl,
  '--username',
  demoUser.username,
  '--integration-code',
  demoUser.integrationCode,
];

describe('headroom serve, when it cannot start', () => {
  it('ends with exit code 1 when the UI port is taken, naming --port, with the tenant no longer watched', async () => {
    const cli = run('serve', ...liveAgainst(tenant.baseUrl), '--port', String(takenPort), '--gateway-port', '0');
    expect(await cli.ended).toEqual({ code: 1, signal: null });
    expect(cli.stderr.at(-1)).toBe(
      `headroom serve: Port ${takenPort} on 127.0.0.1 is already taken by another program: choose another with --port.`,
    );
    expect(cli.stdout).toEqual([]);
  });

  it('ends with exit code 1 in the demo too, its simulator and workload stopped with it', async () => {
    const cli = run('serve', '--demo', '--port', String(takenPort), '--gateway-port', '0');
    expect(await cli.ended).toEqual({ code: 1, signal: null });
    expect(cli.stderr.at(-1)).toMatch(/choose another with --port\.$/);
  });

  it('names --gateway-port, not the Settings, when the gateway port is taken', async () => {
    const cli = run('serve', '--demo', '--port', '0', '--gateway-port', String(takenPort));
    expect(await cli.ended).toEqual({ code: 1, signal: null });
    expect(cli.stderr).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `Port ${takenPort} on 127\\.0\\.0\\.1 is already taken by another program: choose another with --gateway-port\\.$`,
        ),
      ),
    );
    expect(cli.stderr.join('\n')).not.toContain('Settings');
    expect(cli.stderr.at(-1)).toBe('headroom serve: the gateway could not start (the line above says why).');
  });

  it('ends with exit code 1 when a file stands where the token’s folder goes, naming the folder', async () => {
    await mkdir(join(home, 'run'));
    await writeFile(join(home, 'run', 'headroom'), 'a file, not a folder');
    const cli = run('serve', ...liveAgainst(tenant.baseUrl), '--port', '0', '--gateway-port', '0');
    expect(await cli.ended).toEqual({ code: 1, signal: null });
    expect(cli.stderr.at(-1)).toBe(
      `headroom serve: Headroom could not write its token file in ${join(home, 'run', 'headroom')} (EEXIST): that ` +
        'path must be a folder this user may write, or nothing. Move what is there, or (on Linux) point ' +
        'XDG_RUNTIME_DIR at another folder.',
    );
  });
});

describe('headroom gateway, when it cannot start', () => {
  it('ends with exit code 1 when its port is taken, naming --port', async () => {
    const cli = run('gateway', ...liveAgainst(tenant.baseUrl), '--port', String(takenPort));
    expect(await cli.ended).toEqual({ code: 1, signal: null });
    expect(cli.stderr.at(-1)).toBe(
      `headroom gateway: Port ${takenPort} on 127.0.0.1 is already taken by another program: choose another with --port.`,
    );
  });
});
