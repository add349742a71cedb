/**
 * How a running host ends, as a service manager, a closed terminal or an impatient user ends it: the real command
 * line in its own process, real signals, a real call in flight through its gateway, and the files it leaves.
 * Every signal that ends it answers what it holds, saves the history and removes its token file; a crash (kill -9)
 * loses only the last few seconds of the history.
 */
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySnapshot } from '../../electron/core/usage/history-snapshot';
import { demoUser } from '../../electron/simulator';
import { authHeaders } from '../gateway/harness';
import { startCli, type CliProcess } from './cli-process';
import { startHeldTenant } from './held-tenant';

let tenant: Awaited<ReturnType<typeof startHeldTenant>>;
let home: string;
const started: CliProcess[] = [];

beforeAll(async () => {
  tenant = await startHeldTenant();
});
afterAll(() => tenant.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'headroom-stop-'));
  // There from the start, so its changes can be watched.
  await mkdir(join(home, 'data'));
});
afterEach(async () => {
  for (const cli of started.splice(0)) await cli.kill();
  await rm(home, { recursive: true, force: true });
});

const runtimeDir = () => join(home, 'run');
const historyPath = () => join(home, 'data', 'history.json');

/** `headroom serve` or `headroom gateway` against the held tenant, once it has said where its gateway is. */
async function start(command: 'serve' | 'gateway'): Promise<{ cli: CliProcess; gatewayUrl: string }> {
  const ports = command === 'serve' ? ['--port', '0', '--gateway-port', '0'] : ['--port', '0'];
  const cli = startCli(
    [
      command,
      '--autotask-url',
      tenant.baseUrl,
      '--username',
      demoUser.username,
      '--integration-code',
      demoUser.integrationCode,
      ...ports,
    ],
    { HEADROOM_SECRET: demoUser.secret, XDG_RUNTIME_DIR: runtimeDir(), HEADROOM_DATA_DIR: join(home, 'data') },
  );
  started.push(cli);
  const line = await cli.line(/^Headroom gateway at /);
  const gatewayUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(line)?.[0] ?? '';
  return { cli, gatewayUrl };
}

/** A call through the gateway, sent on its own connection; the held tenant has it once nextCall() resolves. */
function ticketCall(gatewayUrl: string): Promise<{ status: number; text: string }> {
  return fetch(`${gatewayUrl}V1.0/Tickets/1`, { headers: authHeaders }).then(async (response) => ({
    status: response.status,
    text: await response.text(),
  }));
}

const ticket = JSON.stringify({ item: { id: 1, title: 'Printer on fire' } });

/** Our calls through the gateway the saved history holds; 0 when there is no file yet. */
async function savedCalls(): Promise<number> {
  const text = await readFile(historyPath(), 'utf8').catch(() => undefined);
  if (text === undefined) return 0;
  const snapshot = JSON.parse(text) as HistorySnapshot;
  return snapshot.hours.reduce((sum, hour) => sum + hour.calls.forwarded, 0);
}

/** Resolves once the history file holds `count` calls: told by the file system each time the file is replaced. */
function untilSaved(count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const watcher = watch(join(home, 'data'), () => void check());
    const check = async () => {
      try {
        if ((await savedCalls()) < count) return;
        watcher.close();
        resolve();
      } catch (error) {
        watcher.close();
        reject(error as Error);
      }
    };
    void check();
  });
}

const tokenFiles = () => readdir(join(runtimeDir(), 'headroom')).catch(() => []);

describe('headroom serve, ended by a signal', () => {
  it('stops cleanly on SIGHUP (its terminal closed): the history saved, the token file removed, exit 0', async () => {
    const { cli, gatewayUrl } = await start('serve');
    expect(await tokenFiles()).toHaveLength(1);
    const answer = ticketCall(gatewayUrl);
    (await tenant.nextCall()).answer(200, ticket);
    expect((await answer).status).toBe(200);
    cli.child.kill('SIGHUP');
    expect(await cli.ended).toEqual({ code: 0, signal: null });
    expect(await savedCalls()).toBe(1);
    expect(await tokenFiles()).toEqual([]);
  });

  it('answers the call in flight and saves the history though SIGTERM comes twice', async () => {
    const { cli, gatewayUrl } = await start('serve');
    const answer = ticketCall(gatewayUrl);
    const inFlight = await tenant.nextCall();
    cli.child.kill('SIGTERM');
    await cli.line(/stopping/);
    cli.child.kill('SIGTERM');
    // The second one told, or (before the fix) the process killed by it.
    await Promise.race([cli.line(/already stopping/), cli.ended]).catch(() => undefined);
    inFlight.answer(200, ticket);
    expect(await answer).toEqual({ status: 200, text: ticket });
    expect(await cli.ended).toEqual({ code: 0, signal: null });
    expect(await savedCalls()).toBe(1);
    expect(await tokenFiles()).toEqual([]);
  });

  it('has the history on disk within seconds of a call, so kill -9 loses no more than that', async () => {
    const { cli, gatewayUrl } = await start('serve');
    const saved = untilSaved(1);
    const answer = ticketCall(gatewayUrl);
    (await tenant.nextCall()).answer(200, ticket);
    expect((await answer).status).toBe(200);
    await saved;
    cli.child.kill('SIGKILL');
    expect(await cli.ended).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await savedCalls()).toBe(1);
  });
});

describe('headroom gateway, ended by a signal', () => {
  it('answers the call in flight though Ctrl+C comes twice, and exits 0', async () => {
    const { cli, gatewayUrl } = await start('gateway');
    const answer = ticketCall(gatewayUrl);
    const inFlight = await tenant.nextCall();
    cli.child.kill('SIGINT');
    await cli.line(/stopping/);
    cli.child.kill('SIGINT');
    await Promise.race([cli.line(/already stopping/), cli.ended]).catch(() => undefined);
    inFlight.answer(200, ticket);
    expect(await answer).toEqual({ status: 200, text: ticket });
    expect(await cli.ended).toEqual({ code: 0, signal: null });
  });
});
