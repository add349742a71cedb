/**
 * The browser tests' harness, proved on its own, without the popover's markup: the live host follows the
 * simulated tenant and comes back on its port after a restart; the fake main process answers and pushes in a page;
 * the scenarios say what the core says.
 */
import { expect, test } from '@playwright/test';
import type { ContractEvents, HeadroomApi, Snapshot } from '../../electron/contract';
import { reasonWords } from '../../electron/core/throttle/reason-words';
import { HOUR_MS } from '../../electron/core/usage/history-snapshot';
import { fakeCalls, installFakeHeadroom, pushSnapshot } from './fake-headroom';
import { startLiveHost } from './live-host';
import { scenario, scenarioNames } from './scenarios';

test('the live host watches the simulated tenant and serves again on its port after a restart', async () => {
  test.setTimeout(40_000);
  const host = await startLiveHost();
  try {
    const first = await host.waitForSnapshot((snapshot) => snapshot.usage.known);
    expect(first.mode).toBe('live');
    expect(first.usage).toMatchObject({ known: true, limit: 1000, timeframeMinutes: 0.5 });

    host.setOthersShare(0.5);
    const half = await host.waitForSnapshot((snapshot) => snapshot.usage.known && snapshot.usage.used >= 450);
    expect(half.usage.known && half.usage.used).toBeLessThan(650);

    const { url, gatewayBaseUrl } = host;
    await host.restartHost();
    expect(host.url).toBe(url);
    const again = await host.waitForSnapshot((snapshot) => snapshot.usage.known);
    expect(again.gateway.baseUrl).toBe(gatewayBaseUrl);
    // The new launch's token, read afresh.
    expect(await host.post('getConnection')).toMatchObject({ secretStored: true, secretKeeping: 'memory' });
    expect(await host.stopHost()).toBe(0);
  } finally {
    await host.close();
  }
});

test('the fake answers from its scenario and pushes snapshots to listeners', async ({ page }) => {
  const now = Date.now();
  const normal = scenario('normal', now);
  await page.route('http://headroom.test/', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>fake</title>' }),
  );
  await installFakeHeadroom(page, normal);
  await page.goto('http://headroom.test/');

  const seen = await page.evaluate(async () => {
    const api = (window as unknown as { headroom: HeadroomApi }).headroom;
    const pushed: ContractEvents['snapshotChanged'][] = [];
    const stop = api.on('snapshotChanged', (snapshot) => pushed.push(snapshot));
    (window as unknown as { pushed: Snapshot[]; stop: () => void }).pushed = pushed;
    (window as unknown as { pushed: Snapshot[]; stop: () => void }).stop = stop;
    return {
      snapshot: await api.snapshot(),
      history: await api.usageHistory({ hours: 24 }),
      wake: await api.wakeUp(),
      problems: await api.checkThresholds(await api.getThresholds()),
    };
  });
  expect(seen.snapshot).toEqual(normal.snapshot);
  expect(seen.history).toEqual(normal.history);
  expect(seen.wake).toEqual({ woken: false, state: normal.snapshot.state });
  expect(seen.problems).toEqual([]);

  const asleep = scenario('asleep', now).snapshot;
  await pushSnapshot(page, asleep);
  const pushed = () => page.evaluate(() => (window as unknown as { pushed: Snapshot[] }).pushed);
  await expect.poll(pushed).toEqual([asleep]);
  expect(await page.evaluate(() => (window as unknown as { headroom: HeadroomApi }).headroom.wakeUp())).toEqual({
    woken: true,
    state: asleep.state,
  });

  await page.evaluate(() => (window as unknown as { stop: () => void }).stop());
  await pushSnapshot(page, normal.snapshot);
  expect(await pushed()).toEqual([asleep]);
  expect((await fakeCalls(page)).map((call) => call.method)).toEqual([
    'snapshot',
    'usageHistory',
    'wakeUp',
    'getThresholds',
    'checkThresholds',
    'wakeUp',
  ]);
});

test('the scenarios say what the core says, with a day of history ending this hour', () => {
  const now = Date.now();
  expect(reasonWords(scenario('slowed', now).snapshot.state.reason)).toBe(
    'Tenant usage 7,912 / 10,000 (79%) in the last 60 min: at or above 75%, non-critical calls are paced',
  );
  expect(reasonWords(scenario('back-to-sleep', now).snapshot.state.reason)).toBe(
    'Back to sleep after Wake Up: Tenant usage 9,240 / 10,000 (92%) in the last 60 min, still at or above 90% ' +
      'after 2 min',
  );
  for (const name of scenarioNames) {
    const built = scenario(name, now);
    expect(built.history, name).toHaveLength(24);
    expect(built.history.at(-1)?.hourStart, name).toBe(Math.floor(now / HOUR_MS) * HOUR_MS);
    for (const row of built.history) expect(row.hourStart % HOUR_MS, name).toBe(0);
  }
});
