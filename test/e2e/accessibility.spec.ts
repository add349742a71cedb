/**
 * axe-core over the popover as it ships (the built renderer, under its Content Security Policy), in every scenario
 * of test/e2e/scenarios.ts, in the light and the dark scheme: the Now tab for all of them, and the 24 hours tab,
 * the Gateway tab and the Settings view for the normal and the asleep tenant. WCAG 2.0 and 2.1, A and AA; a
 * violation of serious or critical impact fails, listed with its rule, where it is and what axe says to fix.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { installFakeHeadroom, pushSnapshot } from './fake-headroom';
import { serveRenderer } from './renderer-server';
import { scenario, scenarioNames, type ScenarioName } from './scenarios';

// One worker takes the whole file, in order, while the other runs the live tests, which mostly wait on the host.
const viewport = { width: 360, height: 520 };
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const blocking = new Set(['serious', 'critical']);
/** Every view of the popover is checked in these; the others on the Now tab only. */
const everyView: readonly ScenarioName[] = ['normal', 'asleep'];

let server: Awaited<ReturnType<typeof serveRenderer>>;
test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(async () => {
  await server?.close();
});

/** One serious or critical violation, as a line a developer can act on. */
interface Finding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function audit(page: Page, where: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations
    .filter((violation) => blocking.has(violation.impact ?? ''))
    .map((violation) => ({
      where,
      rule: violation.id,
      impact: violation.impact ?? '',
      help: `${violation.help} (${violation.helpUrl})`,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`.trim()),
    }));
}

function report(findings: Finding[]): string {
  return findings
    .map(
      (finding) =>
        `[${finding.where}] ${finding.rule} (${finding.impact}): ${finding.help}\n` +
        finding.nodes.map((node) => `    ${node.replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

type Scheme = 'light' | 'dark';

/** Opens the popover on `name`'s scenario in `scheme`, as the popover shows it, and returns the page. */
async function openScenario(context: BrowserContext, scheme: Scheme, name: ScenarioName): Promise<Page> {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  const built = scenario(name);
  await installFakeHeadroom(page, built);
  await page.goto(server.url);
  const gauge = page.getByRole('meter', { name: 'Tenant API usage' });
  // The scenario's snapshot is shown: a figure, or why there is none.
  await expect(gauge).not.toHaveAttribute('aria-valuetext', 'No reading yet');
  if (name === 'back-to-sleep') {
    // The popover says "Put back to sleep" only after it saw the Wake Up: as a user who clicked it sees it.
    await pushSnapshot(page, scenario('woken', built.now).snapshot);
    await pushSnapshot(page, built.snapshot);
    await expect(page.getByRole('region', { name: /^Put back to sleep at / })).toBeVisible();
  }
  return page;
}

/** A context per scheme, its pages closed with it. */
async function inScheme<T>(browser: Browser, scheme: Scheme, run: (context: BrowserContext) => Promise<T>) {
  const context = await browser.newContext({ viewport, colorScheme: scheme });
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} scheme: the Now tab of every scenario has no serious or critical violation`, async ({ browser }) => {
    test.setTimeout(90_000);
    const findings = await inScheme(browser, scheme, async (context) => {
      const found: Finding[] = [];
      for (const name of scenarioNames) {
        const page = await openScenario(context, scheme, name);
        found.push(...(await audit(page, `${scheme} ${name} Now`)));
        await page.close();
      }
      return found;
    });
    expect(report(findings), 'serious or critical axe violations').toBe('');
  });

  test(`${scheme} scheme: 24 hours, Gateway and Settings have no serious or critical violation`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const findings = await inScheme(browser, scheme, async (context) => {
      const found: Finding[] = [];
      for (const name of everyView) {
        const page = await openScenario(context, scheme, name);
        const at = (view: string) => `${scheme} ${name} ${view}`;

        await page.getByRole('tab', { name: '24 hours' }).click();
        await expect(page.getByRole('heading', { name: 'Usage by hour, last 24 hours' })).toBeVisible();
        await expect(page.getByText(/^(Not throttled|Throttled) /)).toBeVisible();
        found.push(...(await audit(page, at('24 hours'))));

        await page.getByRole('tab', { name: /^Gateway/ }).click();
        await expect(page.getByRole('heading', { name: 'Calls through the gateway' })).toBeVisible();
        found.push(...(await audit(page, at('Gateway'))));

        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
        // Every form has read what it shows.
        await expect(page.getByRole('button', { name: 'Save thresholds' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Test connection' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Pause for 1 hour' })).toBeVisible();
        found.push(...(await audit(page, at('Settings'))));
        await page.close();
      }
      return found;
    });
    expect(report(findings), 'serious or critical axe violations').toBe('');
  });
}
