import { serviceOnSimulator } from './service-on-simulator';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThrottleTransition } from '../../electron/core/throttle/state';
import type { ConnectionTransition } from '../../electron/core/usage/connection';
import type { HeadroomService } from '../../electron/service/headroom-service';
import { LOG_FILE_NAME, LogFile } from '../../electron/service/log-file';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';
import type { FaultSpec } from '../../electron/simulator/faults';
import { VirtualClock } from '../support/virtual-clock';

const replacedSecret = 'the-Replaced-secret-4Kd9';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latency: false, limit: 10_000 });
});
afterAll(async () => {
  await simulator.close();
});

async function toSimulator(path: string, body?: object): Promise<void> {
  await fetch(`${simulator.origin}/_sim/${path}`, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });
}

const fault = (spec: FaultSpec) => toSimulator('faults', spec);

/** Moves virtual time a second at a time until the service's poller has sent one more poll. */
function pollOnce(service: HeadroomService, clock: VirtualClock): void {
  const polls = () => service.monitor?.poller.stats().pollsSent;
  const before = polls();
  while (polls() === before) clock.advance(1_000);
}

function next<T>(subscribe: (listener: (event: T) => void) => () => void, wanted: (event: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const stop = subscribe((event) => {
      if (!wanted(event)) return;
      stop();
      resolve(event);
    });
  });
}

function watched(service: HeadroomService) {
  const monitor = service.monitor;
  if (!monitor) throw new Error('the service is not watching');
  return monitor;
}

describe('the service’s log', () => {
  it('tells start, throttle and connection changes, a refusal’s Retry-After, settings and stop, never the secret', async () => {
    await toSimulator('reset');
    const directory = mkdtempSync(join(tmpdir(), 'headroom-service-log-'));
    try {
      const clock = new VirtualClock(Date.UTC(2026, 11, 8, 3, 0, 0));
      const file = join(directory, LOG_FILE_NAME);
      // No secrets to mask: what the service tells must hold none of its own accord.
      const logFile = new LogFile({ file, clock });
      const service = serviceOnSimulator(simulator, directory, clock, { log: (event) => logFile.write(event) });

      await service.start();
      await next<ConnectionTransition>(
        (listener) => watched(service).onConnectionChange(listener),
        ({ to }) => to.health === 'ok',
      );

      await toSimulator('usage', { count: 9_300 });
      const asleep = next<ThrottleTransition>(
        (listener) => watched(service).onThrottleChange(listener),
        ({ to }) => to.mode === 'asleep',
      );
      pollOnce(service, clock);
      await asleep;

      expect(await service.wakeUp()).toMatchObject({ woken: true });
      await fault({ kind: 'rate-limit', path: 'thresholdinformation', retryAfter: '30' });
      const refused = next<ThrottleTransition>(
        (listener) => watched(service).onThrottleChange(listener),
        ({ cause }) => cause === 'upstream-rejection',
      );
      pollOnce(service, clock);
      await refused;

      const thresholds = await service.getThresholds();
      expect(await service.updateThresholds({ ...thresholds, sleepAtPercent: 95 })).toMatchObject({ ok: true });
      expect(await service.updateNotifications({ pauseForMinutes: 60 })).toMatchObject({ ok: true });

      // Autotask refuses the replaced secret: the refusal is told, the secret never.
      const replaced = await service.updateConnection({
        username: demoUser.username,
        integrationCode: demoUser.integrationCode,
        autotaskBaseUrl: simulator.baseUrl,
        secret: replacedSecret,
      });
      expect(replaced).toMatchObject({ ok: true });
      await next<ConnectionTransition>(
        (listener) => watched(service).onConnectionChange(listener),
        ({ to }) => to.health === 'auth-failed',
      );
      await service.stop();

      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(demoUser.secret);
      expect(text).not.toContain(replacedSecret);
      const events = text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, ''));
      expect(events).toEqual([
        expect.stringMatching(/^watching the live tenant at http:\/\/127\.0\.0\.1:\d+\/\S*, the gateway at http:\/\//),
        expect.stringMatching(/^connection \w+ → ok$/),
        // The notice first: the notification policy hears the transition before the log does.
        expect.stringMatching(/^notice: Autotask API throttled: /),
        expect.stringMatching(/^throttle normal → asleep \(usage\): Tenant usage/),
        expect.stringMatching(/^throttle asleep → \w+ \(woken\) \(wake-up\)/),
        expect.stringMatching(/^connection ok → degraded: /),
        expect.stringMatching(/^notice: Autotask API throttled: Autotask answered 429/),
        expect.stringMatching(
          /^throttle slowed → asleep \(upstream-rejection, critical calls held too\): .*; Retry-After until 2026-12-08T03:\d\d:\d\d\.\d{3}Z$/,
        ),
        'settings changed: throttle.sleepAtPercent',
        expect.stringMatching(/^settings changed: notifications\./),
        'the API secret was replaced',
        expect.stringMatching(
          /^stopped watching, polls sent \d+ \(fresh readings asked by the throttle \d+, failed 1\): /,
        ),
        expect.stringMatching(/^watching the live tenant at /),
        expect.stringMatching(/^connection \w+ → auth-failed: /),
        expect.stringMatching(/^stopped watching, polls sent 1 .*: Headroom has stopped watching the tenant\.$/),
        'service stopped',
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
