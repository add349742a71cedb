/**
 * `npm run screenshots`: pictures of the popover in every state, light and dark, for the docs and for a designer's
 * eye. The npm script builds the renderer first; this serves dist/renderer on loopback, answers the contract from
 * the scenarios of the browser tests (test/e2e/scenarios.ts) and writes docs/screenshots/<name>-<scheme>.png:
 *
 * - every scenario’s Now view;
 * - for `normal`, the 24 hours tab, the Gateway tab and Settings;
 * - for `asleep`, Settings scrolled to the thresholds with Slow down at typed as 95, so its problem shows.
 *
 * The scenarios are built for one fixed moment and the page’s clock is held at it, in UTC and en-US, so the times
 * and ages shown are the same on every run and every machine. PNGs in docs/screenshots that this run did not write
 * are removed, so a renamed or dropped picture does not linger. About 15 s.
 */
process.env.TZ = 'UTC';

import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import type { HeadroomApi } from '../../electron/contract';
import type { ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import { applySettingsChange } from '../../electron/core/settings/validate';
import { defaultSettings } from '../../electron/core/settings/settings';
import type { SettingsProblem } from '../../electron/core/settings/problems';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { installFakeHeadroom } from '../e2e/fake-headroom';
import { serveRenderer } from '../e2e/renderer-server';
import { scenario, scenarioNames, type Scenario, type ScenarioName } from '../e2e/scenarios';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'docs', 'screenshots');

/** A Wednesday, early in the afternoon (UTC): the scenarios' day of history reads as a working day. */
const now = Date.UTC(2026, 2, 11, 14, 20, 0);
const schemes = ['light', 'dark'] as const;
const LANES_PER_SCHEME = 2;
type Scheme = (typeof schemes)[number];

/** What is pictured beyond the Now view. */
type Extra = 'history' | 'gateway' | 'settings' | 'thresholds';
interface Shot {
  scenario: ScenarioName;
  scheme: Scheme;
  extra?: Extra;
}

const shots: Shot[] = schemes.flatMap((scheme) => [
  ...scenarioNames.map((name) => ({ scenario: name, scheme })),
  ...(['history', 'gateway', 'settings'] as const).map((extra) => ({ scenario: 'normal' as const, scheme, extra })),
  { scenario: 'asleep' as const, scheme, extra: 'thresholds' as const },
]);

const started = performance.now();
await mkdir(outDir, { recursive: true });
const server = await serveRenderer();
const browser = await chromium.launch(chromiumLaunchOptions());
const written = new Set<string>();
try {
  // A few pages at a time (most of a shot is waiting on the browser, so they overlap well even on two cores), each
  // lane in one context of its scheme: the popover keeps nothing in the browser, so pages cannot see each other’s.
  await Promise.all(
    schemes.flatMap((scheme) => {
      const mine = shots.filter((shot) => shot.scheme === scheme);
      return Array.from({ length: LANES_PER_SCHEME }, (_, lane) =>
        shootAll(
          scheme,
          mine.filter((_, index) => index % LANES_PER_SCHEME === lane),
        ),
      );
    }),
  );
} finally {
  await browser.close();
  await server.close();
}

for (const file of await readdir(outDir)) {
  if (file.endsWith('.png') && !written.has(file)) {
    await rm(join(outDir, file));
    console.log(`removed stale ${relative(root, join(outDir, file))}`);
  }
}
console.log(`screenshots: ${written.size} written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function shootAll(scheme: Scheme, list: readonly Shot[]): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 520 },
    deviceScaleFactor: 2,
    colorScheme: scheme,
    reducedMotion: 'reduce',
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  try {
    // Date.now() and new Date() hold at `now`; timers still run, so the popover’s debounces and effects do.
    await context.clock.setFixedTime(now);
    for (const shot of list) {
      const file = `${shot.scenario}${shot.extra ? `-${shot.extra}` : ''}-${shot.scheme}.png`;
      await shoot(context, shot, join(outDir, file));
      written.add(file);
      console.log(`wrote ${relative(root, join(outDir, file))}`);
    }
  } finally {
    await context.close();
  }
}

async function shoot(context: BrowserContext, shot: Shot, path: string): Promise<void> {
  const page = await context.newPage();
  try {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const data = scenario(shot.scenario, now);
    await installFakeHeadroom(page, data);
    if (shot.extra === 'thresholds') await checkThresholdsWithTheCore(page, data);
    await page.goto(server.url);
    await gaugeShown(page, data);
    if (shot.extra) await open(page, shot.extra);
    // The pointer off the button or tab it clicked, so no hover colour is pictured.
    await page.mouse.move(0, 519);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    if (problems.length > 0) throw new Error(`${path}: the page reported ${problems.join(' | ')}`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  } finally {
    await page.close();
  }
}

/** The Now view has drawn the snapshot: the meter shows the figure, or says why it cannot. */
async function gaugeShown(page: Page, data: Scenario): Promise<void> {
  const meter = page.getByRole('meter', { name: 'Tenant API usage' });
  if (data.snapshot.usage.known) await expect(meter).toHaveAttribute('aria-valuenow', String(data.snapshot.usage.used));
  else await expect(meter).toHaveAttribute('aria-valuetext', /^Usage unknown/);
}

async function open(page: Page, extra: Extra): Promise<void> {
  switch (extra) {
    case 'history':
      await page.getByRole('tab', { name: '24 hours' }).click();
      await expect(page.locator('svg.chart')).toBeVisible();
      return;
    case 'gateway':
      await page.getByRole('tab', { name: /^Gateway/ }).click();
      await expect(page.getByRole('table', { name: 'Calls by integration code' })).toBeAttached();
      return;
    case 'settings':
      await openSettings(page);
      return;
    case 'thresholds': {
      await openSettings(page);
      const slowAt = page.getByRole('textbox', { name: 'Slow down at' });
      await slowAt.fill('95');
      const problem = page.locator('.field-problem', { hasText: 'Slow down at must be below Sleep at' });
      await expect(problem).toBeVisible();
      await expect(slowAt).toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('heading', { name: /^Thresholds/ }).evaluate((heading) => heading.scrollIntoView());
      return;
    }
  }
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeFocused();
  // Every form has read what it shows.
  await expect(page.getByText('Reading…')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save thresholds' })).toBeVisible();
}

/**
 * The fake finds nothing wrong with any thresholds; here the page asks the core’s own check instead, as the
 * service does (only what differs from the saved thresholds is blamed), so the message shown is word for word the
 * app’s. A local override: test/e2e/fake-headroom.ts is left as it is.
 */
type CheckThresholds = HeadroomApi['checkThresholds'];

async function checkThresholdsWithTheCore(page: Page, data: Scenario): Promise<void> {
  const settings = { ...defaultSettings, throttle: data.thresholds };
  await page.exposeFunction('__headroomCheckThresholds', (request: ThrottleSettings): SettingsProblem[] => {
    const changed = Object.fromEntries(
      Object.entries(request).filter(
        ([key, value]) => !Object.is(data.thresholds[key as keyof ThrottleSettings], value),
      ),
    );
    const checked = applySettingsChange(settings, { throttle: changed });
    return checked.ok ? [] : checked.problems;
  });
  await page.addInitScript(() => {
    const page = window as unknown as { headroom: HeadroomApi; __headroomCheckThresholds: CheckThresholds };
    page.headroom.checkThresholds = (request) => page.__headroomCheckThresholds(request);
  });
}
