import { expect, test } from '@playwright/test';
import { serveRenderer } from './renderer-server';

let server: Awaited<ReturnType<typeof serveRenderer>>;
test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(async () => {
  await server.close();
});

test('the popover loads under its Content Security Policy and says it has no reading yet', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(server.url);

  await expect(page.getByRole('heading', { name: 'Headroom' })).toBeVisible();
  const gauge = page.getByRole('meter', { name: 'Tenant API usage' });
  await expect(gauge).toHaveAttribute('aria-valuetext', 'No reading yet');
  await expect(gauge).not.toHaveAttribute('aria-valuenow', /.*/);
  expect(problems).toEqual([]);
});
