import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import type { Notice } from '../../electron/core/notify/notice';
import { defaultSettings } from '../../electron/core/settings/settings';
import type { UsageSample } from '../../electron/core/usage/sample';
import { Monitor } from '../../electron/service/monitor';
import { demoUser, startSimulator } from '../../electron/simulator';
import { FakeUsageSource } from './poller-fake-source';

const credentials = { username: demoUser.username, secret: demoUser.secret, integrationCode: demoUser.integrationCode };

function monitorOnFakeTenant() {
  const clock = new VirtualClock();
  const source = new FakeUsageSource(clock);
  const notices: Notice[] = [];
  const monitor = new Monitor({
    credentials,
    settings: defaultSettings,
    clock,
    random: () => 0.5,
    usageSource: source,
    showNotice: (notice) => notices.push(notice),
  });
  return { clock, source, notices, monitor };
}

describe('Monitor', () => {
  it('goes to sleep, tells the user once, and records it, when the tenant crosses sleepAt', async () => {
    const { clock, source, notices, monitor } = monitorOnFakeTenant();
    source.reading = { used: 5_000, limit: 10_000, timeframeMinutes: 60 };
    await monitor.start();
    await clock.advanceAsync(1_000);
    expect(monitor.snapshot().state.mode).toBe('normal');
    expect(monitor.snapshot().connectionStatus.health).toBe('ok');

    source.reading = { used: 9_300, limit: 10_000, timeframeMinutes: 60 };
    await clock.advanceAsync(10 * 60_000);

    expect(monitor.snapshot().state.mode).toBe('asleep');
    expect(notices.map((notice) => notice.kind)).toEqual(['throttled']);
    expect(notices[0]?.body).toContain('10,000');
    const hour = monitor.history.hours({ from: clock.now() - 3_600_000, to: clock.now() }).at(-1);
    expect(hour?.stateMs.normal).toBeGreaterThan(0);
    expect(hour?.peak).toEqual({ used: 9_300, limit: 10_000 });
    expect(hour?.polls).toBeGreaterThanOrEqual(2);
    await monitor.stop();
  });

  it('does not count a poll twice: the answer to it already includes it', async () => {
    const { clock, source, monitor } = monitorOnFakeTenant();
    source.reading = { used: 1_000, limit: 10_000, timeframeMinutes: 60 };
    await monitor.start();
    await clock.advanceAsync(1_000);
    const { estimate, polling } = monitor.snapshot();
    expect(polling.pollsSent).toBe(1);
    expect(estimate.known && estimate.ownSinceReading).toBe(0);
    await monitor.stop();
  });

  it('reads the tenant counter from Autotask (here the simulator) through the client', async () => {
    const simulator = await startSimulator({ latency: false, limit: 500, timeframeMinutes: 60 });
    try {
      await fetch(`${simulator.origin}/_sim/usage`, { method: 'POST', body: JSON.stringify({ count: 123 }) });
      const clock = new VirtualClock(Date.now());
      const monitor = new Monitor({
        credentials,
        settings: {
          ...defaultSettings,
          connection: { ...defaultSettings.connection, autotaskBaseUrl: simulator.baseUrl },
        },
        clock,
        random: () => 0.5,
      });
      const firstSample = new Promise<UsageSample>((resolve) => monitor.poller.onSample(resolve));
      await monitor.start();
      const sample = await firstSample;
      expect(sample).toMatchObject({ used: 124, limit: 500, timeframeMinutes: 60 });
      expect(monitor.snapshot().connectionStatus.health).toBe('ok');
      await monitor.stop();
    } finally {
      await simulator.close();
    }
  });
});
