/**
 * The popover as it ships: the built renderer, served as the headless host serves it and loaded under its Content
 * Security Policy, with the main process stood in for by the fake (test/e2e/fake-headroom.ts).
 */
import { expect, test } from '@playwright/test';
import { fakeCalls, installFakeHeadroom } from './fake-headroom';
import { serveRenderer } from './renderer-server';
import { scenario } from './scenarios';

test.use({ viewport: { width: 360, height: 520 } });

let server: Awaited<ReturnType<typeof serveRenderer>>;
test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(async () => {
  await server?.close();
});

test('the popover loads under its Content Security Policy with no console error and shows the gauge', async ({
  page,
}) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const normal = scenario('normal');
  await installFakeHeadroom(page, normal);

  const response = await page.goto(server.url);
  expect(response?.ok()).toBe(true);
  // The policy is the page's own, in a meta tag, and it is in force: no inline script, no other origin.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /default-src 'none'; script-src 'self'/,
  );

  await expect(page.getByRole('heading', { name: 'Headroom' })).toBeVisible();
  const gauge = page.getByRole('meter', { name: 'Tenant API usage' });
  await expect(gauge).toHaveAttribute('aria-valuenow', '3150');
  await expect(gauge).toHaveAttribute('aria-valuemax', '10000');
  await expect(gauge).toHaveAttribute('aria-valuetext', '3,150 of 10,000 calls (31%) in the last 60 min');
  await expect(gauge).toContainText('3,150');
  await expect(gauge).toContainText('/ 10,000');
  await expect(page.getByRole('region', { name: 'Throttle state' }).getByRole('status')).toHaveText(/^Normal\s*since/);
  await expect(page.getByText(/Demo: a simulated tenant/)).toHaveCount(0);

  expect((await fakeCalls(page)).map((call) => call.method)).toContain('snapshot');
  expect(problems).toEqual([]);
});
