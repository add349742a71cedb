/**
 * Faults that pass, over real HTTP: the simulator refuses or fails the usage check for a while, and the Headroom
 * service must read the tenant's counter again by itself, without a reconnect or a restart.
 */
import { serviceOnSimulator } from './service-on-simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionHealth } from '../../electron/core/usage/connection';
import type { HeadroomService } from '../../electron/service/headroom-service';
import type { FaultSpec } from '../../electron/simulator/faults';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';
import { VirtualClock } from '../support/virtual-clock';

/** A virtual clock that notes the delay of each timer set, so a test can let the client's short retry sleeps pass. */
class TimerWatchingClock extends VirtualClock {
  #delaysSet: number[] = [];

  override setTimeout(callback: () => void, delayMs: number): number {
    this.#delaysSet.push(delayMs);
    return super.setTimeout(callback, delayMs);
  }

  /** The delays of the timers set since the last call. */
  takeDelaysSet(): number[] {
    return this.#delaysSet.splice(0);
  }
}

// A one-minute window: the fastest polling it allows is 0.5 s, well inside the first retry of a refusal (22.5 s
// with random() = 0.5), so a poll sent at once can only have been sent because Autotask was seen answering.
let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latency: false, limit: 10_000, timeframeMinutes: 1 });
});
afterAll(async () => {
  await simulator.close();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fetch(`${simulator.origin}/_sim/reset`, { method: 'POST' });
});

async function fault(spec: FaultSpec): Promise<void> {
  const answer = await fetch(`${simulator.origin}/_sim/faults`, { method: 'POST', body: JSON.stringify(spec) });
  expect(answer.status).toBe(200);
}

async function clearFaults(): Promise<void> {
  await fetch(`${simulator.origin}/_sim/faults`, { method: 'DELETE' });
}

async function startService() {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-recovery-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const clock = new TimerWatchingClock(Date.now());
  const service = serviceOnSimulator(simulator, directory, clock);
  const firstReading = healthBecomes(service, 'ok', () => service.monitor?.poller);
  await service.start();
  cleanups.push(() => service.stop());
  await firstReading;
  const poller = service.monitor?.poller;
  if (!poller) throw new Error('the service is not watching');
  const gatewayUrl = (await service.snapshot()).gateway.baseUrl ?? '';
  return { service, clock, poller, gatewayUrl };
}

type Poller = NonNullable<HeadroomService['monitor']>['poller'];

/** Resolves when the connection turns `health` (the poller is looked up lazily: it exists once start() begins). */
function healthBecomes(service: HeadroomService, health: ConnectionHealth, poller = () => service.monitor?.poller) {
  return new Promise<void>((resolve) => {
    const listen = () => {
      const watched = poller();
      if (!watched) return void setImmediate(listen);
      const stop = watched.onConnectionChange(({ to }) => {
        if (to.health !== health) return;
        stop();
        resolve();
      });
    };
    listen();
  });
}

/** Moves virtual time a second at a time until a poll is sent, at most `withinMs`; says how long that took. */
function untilPollSent(poller: Poller, clock: VirtualClock, withinMs: number): number {
  const before = poller.stats().pollsSent;
  const from = clock.now();
  while (poller.stats().pollsSent === before) {
    if (clock.now() - from >= withinMs) throw new Error(`No poll was sent within ${withinMs / 1000} s.`);
    clock.advance(1_000);
  }
  return clock.now() - from;
}

/**
 * Sends the next poll and waits for it to fail: the Autotask client retries a 503 twice after short sleeps (at most
 * 4 s), which are let pass as they are set; nothing longer (the poll's own 20 s timeout) is.
 */
async function failedPoll(poller: Poller, clock: TimerWatchingClock): Promise<void> {
  let outcome: 'failed' | 'sample' | undefined;
  void poller.pollSoon('the test waits for the next poll').then((sample) => (outcome = sample ? 'sample' : 'failed'));
  untilPollSent(poller, clock, 5 * 60_000);
  clock.takeDelaysSet();
  while (outcome === undefined) {
    await new Promise(setImmediate);
    const retrySleeps = clock.takeDelaysSet().filter((delayMs) => delayMs <= 4_000);
    if (outcome === undefined && retrySleeps.length > 0) clock.advance(Math.max(...retrySleeps));
  }
  expect(outcome).toBe('failed');
}

function criticalCall(gatewayUrl: string): Promise<Response> {
  return fetch(`${gatewayUrl}V1.0/Companies/0`, {
    headers: {
      UserName: demoUser.username,
      Secret: demoUser.secret,
      ApiIntegrationCode: demoUser.integrationCode,
      'X-Headroom-Priority': 'critical',
    },
  });
}

/** A service whose usage check Autotask has just refused for its credentials, a second later. */
async function startRefused() {
  const started = await startService();
  const { service, clock, poller } = started;
  await fault({ kind: 'unauthorized', path: 'thresholdinformation' });
  const refused = healthBecomes(service, 'auth-failed');
  untilPollSent(poller, clock, 60_000);
  await refused;
  clock.advance(1_000);
  return started;
}

describe('a 401 on the usage check that passes', () => {
  it('is retried by itself, said in words meanwhile, and polling comes back with the same credentials', async () => {
    const { service, clock, poller } = await startService();
    await fault({ kind: 'unauthorized', path: 'thresholdinformation' });
    const refused = healthBecomes(service, 'auth-failed');
    untilPollSent(poller, clock, 60_000);
    await refused;
    expect((await service.snapshot()).connection.lastError).toMatch(/Headroom tries them again in \d+ s/);

    const back = healthBecomes(service, 'ok');
    const waited = untilPollSent(poller, clock, 10 * 60_000);
    await back;
    expect(waited).toBeLessThanOrEqual(30_000);
    expect((await service.snapshot()).connection).toMatchObject({ health: 'ok' });
    expect((await service.snapshot()).connection.lastError).toBeUndefined();
  });

  it('resumes at once after a successful Test connection with the same credentials', async () => {
    const { service, poller } = await startRefused();

    const back = healthBecomes(service, 'ok');
    const sent = poller.stats().pollsSent;
    expect(await service.testConnection(undefined)).toMatchObject({ ok: true });
    expect(poller.stats().pollsSent).toBe(sent + 1);
    await back;
  });

  it('resumes at once after a call through the gateway succeeds with the same credentials', async () => {
    const { service, poller, gatewayUrl } = await startRefused();

    const back = healthBecomes(service, 'ok');
    const sent = poller.stats().pollsSent;
    expect((await criticalCall(gatewayUrl)).status).toBe(200);
    expect(poller.stats().pollsSent).toBe(sent + 1);
    await back;
  });
});

describe('a long spell of 503s on the usage check', () => {
  it('once a call through the gateway is answered, reads again within the fastest spacing, not the 2 min backoff', async () => {
    const { service, clock, poller, gatewayUrl } = await startService();
    await fault({ kind: 'server-error', status: 503, count: 1_000, path: 'thresholdinformation' });
    const offline = healthBecomes(service, 'offline');
    for (let failure = 0; failure < 9; failure++) await failedPoll(poller, clock);
    await offline;
    await clearFaults();

    const back = healthBecomes(service, 'ok');
    const sent = poller.stats().pollsSent;
    expect((await criticalCall(gatewayUrl)).status).toBe(200);
    // The last failed poll is more than the 0.5 s fastest spacing ago: the read goes with the gateway's answer.
    const waited = poller.stats().pollsSent > sent ? 0 : untilPollSent(poller, clock, 5 * 60_000);
    expect(waited).toBe(0);
    await back;
    expect((await service.snapshot()).connection.health).toBe('ok');
  });
});
