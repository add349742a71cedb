/**
 * The popover against the whole stack: `headroom serve` watching the Autotask simulator (a "tenant" of 1,000 calls
 * per 0.5 min, test/e2e/live-host.ts), in Chromium at the popover's size. The simulator's other integrations are
 * steered from here; what is asserted is what a user sees: the gauge, the state line, the Wake Up card, the
 * settings and the banner when Headroom goes away.
 *
 * Two groups, each with its own host and page, run side by side; inside a group the tests run in order, each
 * starting from the state the one before left (the load, the thresholds, the Wake Up the page saw).
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import type { Snapshot } from '../../electron/contract';
import type { ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import { startLiveHost, type LiveHost } from './live-host';

test.describe.configure({ mode: 'parallel' });

const viewport = { width: 360, height: 520 };
const LIMIT = 1000;
/** The host polls every few seconds far from the thresholds, about every second near them. */
const UI_TIMEOUT = 20_000;
/** How far the gauge may be from the simulator's count: a poll's worth of the others' change. */
const TOLERANCE = 0.05 * LIMIT;
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/**
 * The others' load moves on a ramp over several polls, as real integrations' load does. A step would be one burst
 * that the simulator's level replays every window (what ages out is topped up at once), and Headroom's estimate
 * between readings, which books a burst's departure but not its replay, would dip by the burst until the next
 * reading.
 */
const RAMP_MS = 8_000;

/** The popover as a user finds it, by role and name. */
function popover(page: Page) {
  const state = page.getByRole('region', { name: 'Throttle state' });
  return {
    gauge: page.getByRole('meter', { name: 'Tenant API usage' }),
    /** The state's title and since when: "Slowed since 14:02". */
    stateLine: state.getByRole('status'),
    settingsButton: page.getByRole('button', { name: 'Settings', exact: true }),
    settingsHeading: page.getByRole('heading', { name: 'Settings', exact: true }),
    wakeUpCard: (name: string | RegExp) => page.getByRole('region', { name }),
    lostBanner: page.getByRole('alert').filter({ hasText: /connection to headroom lost/i }),
  };
}

/** The gauge's figure for assistive technology and the one on screen, read at the same moment. */
async function gaugeReading(gauge: Locator): Promise<{ now: number; max: number; text: string }> {
  return gauge.evaluate((element) => ({
    now: Number(element.getAttribute('aria-valuenow')),
    max: Number(element.getAttribute('aria-valuemax')),
    text: (element as HTMLElement).innerText.replace(/\s+/g, ' '),
  }));
}

/** The simulator's own count of the tenant's rolling window: the truth the gauge is compared with. */
async function simulatorCount(host: LiveHost): Promise<number> {
  const response = await fetch(new URL('/_sim/stats', host.simulator.origin));
  const stats = (await response.json()) as { windowCount: number };
  return stats.windowCount;
}

/** Polls until the gauge is within TOLERANCE of the simulator's count, itself at least `atLeast`. */
async function expectGaugeToFollow(host: LiveHost, gauge: Locator, atLeast: number): Promise<void> {
  await expect.poll(() => simulatorCount(host), { timeout: UI_TIMEOUT }).toBeGreaterThanOrEqual(atLeast);
  await expect
    .poll(
      async () => {
        const [reading, counted] = await Promise.all([gaugeReading(gauge), simulatorCount(host)]);
        return Math.abs(reading.now - counted);
      },
      { timeout: UI_TIMEOUT, message: 'the gauge follows the simulator’s count' },
    )
    .toBeLessThanOrEqual(TOLERANCE);
}

const reading = (snapshot: Snapshot) => (snapshot.usage.known ? snapshot.usage : undefined);

async function openLivePage(browser: Browser, host: LiveHost): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(host.url);
  await expect(popover(page).gauge).toHaveAttribute('aria-valuenow', /\d/, { timeout: UI_TIMEOUT });
  return page;
}

test.describe('the throttle, live', () => {
  test.describe.configure({ mode: 'serial', timeout: 60_000 });

  let host: LiveHost;
  let page: Page;
  let original: ThrottleSettings;

  test.beforeAll(async ({ browser }) => {
    host = await startLiveHost();
    original = await host.post('getThresholds');
    page = await openLivePage(browser, host);
  });

  test.afterAll(async () => {
    await page?.close();
    if (host && original) await host.post('updateThresholds', original).catch(() => undefined);
    host?.setOthersShare(0);
    await host?.close();
  });

  test('the gauge follows the simulated tenant’s count, with no demo banner', async () => {
    const { gauge } = popover(page);
    host.setOthersShare(0.4, RAMP_MS);
    await expectGaugeToFollow(host, gauge, 0.38 * LIMIT);

    const shown = await gaugeReading(gauge);
    const snapshot = await host.snapshot();
    expect(snapshot.mode).toBe('live');
    expect(reading(snapshot)?.limit).toBe(LIMIT);
    expect(Math.abs(shown.now - (reading(snapshot)?.used ?? Number.NaN))).toBeLessThanOrEqual(TOLERANCE);
    expect(shown.max).toBe(LIMIT);
    // The figure on screen says what the meter says.
    expect(shown.text).toContain(`${count.format(shown.now)} / ${count.format(LIMIT)}`);
    expect(shown.text).toContain(`${Math.floor((shown.now * 100) / LIMIT)}%`);
    await expect(gauge).toHaveAttribute('aria-valuetext', new RegExp(`^${count.format(shown.now)} of 1,000 calls`));

    await expect(page.getByText(/Demo: a simulated tenant/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toHaveCount(0);
  });

  test('more load slows the connection, then puts it to sleep, and Wake Up is offered with its caution', async () => {
    const { stateLine, wakeUpCard } = popover(page);
    host.setOthersShare(0.8, RAMP_MS);
    await expect(stateLine).toHaveText(/^Slowed\s*since/, { timeout: UI_TIMEOUT });
    await expect(wakeUpCard('Wake Up the connection')).toHaveCount(0);

    // Above the 90% sleep point, below the 98% critical stop.
    host.setOthersShare(0.93, RAMP_MS);
    await expect(stateLine).toHaveText(/^Asleep\s*since/, { timeout: UI_TIMEOUT });
    const asleep = await host.waitForSnapshot(
      (snapshot) => snapshot.state.mode === 'asleep' && snapshot.wake.available,
    );

    const card = wakeUpCard('Wake Up the connection');
    await expect(card).toBeVisible();
    await expect(card).toContainText(asleep.wake.rule);
    await expect(card).toContainText(/goes back to sleep on its own/);
    await expect(card.getByRole('button', { name: 'Wake Up', exact: true })).toBeEnabled();
  });

  test('Wake Up with usage below the sleep point stays awake past the grace period', async () => {
    const { stateLine, wakeUpCard } = popover(page);
    // A short grace period keeps the test short (10 s is the least the settings take).
    const saved = await host.post('updateThresholds', { ...original, wakeGraceSeconds: 10 });
    expect(saved.ok).toBe(true);
    await expect(wakeUpCard('Wake Up the connection')).toContainText('at or above 90% after 10 s', {
      timeout: UI_TIMEOUT,
    });

    // Below the 90% sleep point, above the 70% resume point: it sleeps on until woken.
    host.setOthersShare(0.82, RAMP_MS);
    await host.waitForSnapshot(
      (snapshot) =>
        snapshot.state.mode === 'asleep' &&
        snapshot.usage.known &&
        snapshot.usage.figure === 'reading' &&
        snapshot.usage.used < 0.88 * LIMIT,
      UI_TIMEOUT,
    );
    await expect(stateLine).toHaveText(/^Asleep\s*since/);

    await wakeUpCard('Wake Up the connection').getByRole('button', { name: 'Wake Up', exact: true }).click();
    await expect(stateLine).toHaveText(/^Awake \(woken by hand\)\s*since/, { timeout: UI_TIMEOUT });
    // Until the grace period ends, the card says when it may go back to sleep, and on what condition.
    await expect(wakeUpCard(/^Back to sleep at .+ if still high \(in \d+ s\)$/)).toContainText(/at or above 90%/);

    const woken = await host.waitForSnapshot((snapshot) => snapshot.state.wokenByUser && !!snapshot.wake.graceEndsAt);
    const graceEndsAt = woken.wake.graceEndsAt ?? 0;
    const past = await host.waitForSnapshot(
      (snapshot) => snapshot.at > graceEndsAt + 1_000 && (reading(snapshot)?.readingAt ?? 0) > graceEndsAt,
      30_000,
    );
    expect(past.state.mode).not.toBe('asleep');
    expect(past.state.wokenByUser).toBe(true);

    await expect(stateLine).toHaveText(/^Awake \(woken by hand\)\s*since/);
    await expect(wakeUpCard('Stayed awake')).toContainText(/below 90% when the grace period ended/, {
      timeout: UI_TIMEOUT,
    });
    await expect(wakeUpCard(/^Put back to sleep at /)).toHaveCount(0);
  });

  test('Wake Up with usage still high goes back to sleep after the grace period and says why', async () => {
    const { stateLine, wakeUpCard } = popover(page);
    // Usage climbs past the sleep point again: the connection woken by hand goes back to sleep.
    host.setOthersShare(0.93, RAMP_MS);
    await expect(stateLine).toHaveText(/^Asleep\s*since/, { timeout: UI_TIMEOUT });
    await host.waitForSnapshot(
      (snapshot) => snapshot.state.mode === 'asleep' && snapshot.usage.known && snapshot.usage.used >= 0.91 * LIMIT,
      UI_TIMEOUT,
    );

    const asleepCard = wakeUpCard(/^(Wake Up the connection|Put back to sleep at )/);
    await expect(asleepCard).toContainText('at or above 90% after 10 s');
    await asleepCard.getByRole('button', { name: 'Wake Up', exact: true }).click();
    await expect(stateLine).toHaveText(/^Awake \(woken by hand\)\s*since/, { timeout: UI_TIMEOUT });
    await expect(wakeUpCard(/^Back to sleep at .+ if still high \(in \d+ s\)$/)).toBeVisible();
    const woken = await host.waitForSnapshot((snapshot) => snapshot.state.wokenByUser);

    const backToSleep = wakeUpCard(/^Put back to sleep at /);
    await expect(backToSleep).toBeVisible({ timeout: 30_000 });
    await expect(stateLine).toHaveText(/^Asleep\s*since/);
    // The reason, not the caution below it (which also says "still at or above 90% after 10 s").
    const wentBackToSleep = /Back to sleep after Wake Up: .+ still at or above 90% after 10 s/;
    await expect(backToSleep).toContainText(wentBackToSleep);
    await expect(backToSleep.getByRole('button', { name: 'Wake Up', exact: true })).toBeEnabled();

    // The why stays while it sleeps: a user who opens the popover after the next readings still reads it.
    const slept = await host.waitForSnapshot(
      (snapshot) => snapshot.state.mode === 'asleep' && snapshot.state.since > woken.state.since,
    );
    await host.waitForSnapshot(
      (snapshot) => (reading(snapshot)?.readingAt ?? 0) > slept.state.since + 2_000 && snapshot.state.mode === 'asleep',
    );
    await expect(backToSleep).toContainText(wentBackToSleep);
  });
});

test.describe('settings and the line to Headroom, live', () => {
  test.describe.configure({ mode: 'serial', timeout: 60_000 });

  let host: LiveHost;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    host = await startLiveHost();
    host.setOthersShare(0.4);
    page = await openLivePage(browser, host);
  });

  test.afterAll(async () => {
    await page?.close();
    await host?.close();
  });

  test('invalid thresholds are shown beside the field and never saved; Escape closes the settings', async () => {
    const { settingsButton, settingsHeading } = popover(page);
    const saved = await host.post('getThresholds');

    await settingsButton.click();
    await expect(settingsHeading).toBeVisible();
    const slowAt = page.getByRole('textbox', { name: 'Slow down at', exact: true });
    await expect(slowAt).toHaveValue(String(saved.slowAtPercent));

    await slowAt.fill(String(saved.sleepAtPercent + 5));
    await expect(slowAt).toHaveAttribute('aria-invalid', 'true', { timeout: UI_TIMEOUT });
    await expect(slowAt).toHaveAccessibleDescription(/must be below Sleep at/);
    await expect(page.getByText(/^Slow down at must be below Sleep at \(90\s?%\)/)).toBeVisible();
    const save = page.getByRole('button', { name: 'Save thresholds' });
    await expect(save).toBeDisabled();
    await slowAt.press('Enter');
    expect(await host.post('getThresholds')).toEqual(saved);

    await page.reload();
    await expect(settingsHeading).toHaveCount(0);
    await settingsButton.click();
    await expect(slowAt).toHaveValue(String(saved.slowAtPercent));
    await expect(slowAt).not.toHaveAttribute('aria-invalid', 'true');
    expect(await host.post('getThresholds')).toEqual(saved);

    await page.keyboard.press('Escape');
    await expect(settingsHeading).toHaveCount(0);
    await expect(settingsButton).toBeFocused();
    await expect(settingsButton).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('tab', { name: 'Now' })).toHaveAttribute('aria-selected', 'true');
  });

  test('a wrong secret in Test connection is named in words and nothing is saved', async () => {
    const { settingsButton, settingsHeading } = popover(page);
    const before = await host.post('getConnection');
    const wrong = {
      autotaskBaseUrl: before.autotaskBaseUrl,
      username: before.username,
      integrationCode: before.integrationCode,
      secret: 'not-the-secret',
    };
    // What the host says of these credentials, for the words the popover must show.
    const expected = await host.post('testConnection', wrong);
    expect(expected).toMatchObject({ ok: false, kind: 'bad-credentials' });
    const message = expected.ok ? '' : expected.message;

    await settingsButton.click();
    const form = page.getByRole('form', { name: 'Autotask connection' });
    await form.getByLabel('API secret').fill(wrong.secret);
    const askedAt = Date.now();
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toHaveText(`Wrong secret. ${message}`, { timeout: UI_TIMEOUT });

    expect(await host.post('getConnection')).toEqual(before);
    // The host still reads the tenant with the secret it had.
    const after = await host.waitForSnapshot(
      (snapshot) => snapshot.connection.health === 'ok' && (reading(snapshot)?.readingAt ?? 0) > askedAt,
      UI_TIMEOUT,
    );
    expect(after.connection.lastError).toBeUndefined();
    await page.keyboard.press('Escape');
    await expect(settingsHeading).toHaveCount(0);
  });

  test('Headroom going away is shown, and after its restart the popover updates and changes things again', async () => {
    const { gauge, lostBanner, settingsButton } = popover(page);
    await expectGaugeToFollow(host, gauge, 0.38 * LIMIT);

    expect(await host.stopHost()).toBe(0);
    await expect(lostBanner).toBeVisible({ timeout: UI_TIMEOUT });

    host.setOthersShare(0.6);
    await host.restartHost();
    await expect(lostBanner).toHaveCount(0, { timeout: UI_TIMEOUT });
    await expectGaugeToFollow(host, gauge, 0.58 * LIMIT);

    // The page still holds the first launch's token; a call that changes something must still go through.
    await settingsButton.click();
    const notifications = page.getByRole('region', { name: 'Notifications' });
    try {
      await notifications.getByRole('button', { name: 'Pause for 1 hour' }).click();
      await expect(notifications.getByText(/^Paused until /)).toBeVisible({ timeout: UI_TIMEOUT });
      await expect(page.getByRole('alert')).toHaveCount(0);
      const preferences = await host.post('getNotifications');
      expect(preferences.pausedUntil).toBeGreaterThan(Date.now() + 55 * 60_000);
    } finally {
      await host.post('updateNotifications', { resume: true });
    }
  });
});
