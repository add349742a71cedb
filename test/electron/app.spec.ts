/**
 * The tray app in Electron, in demo mode with a fresh user-data directory: the popover shows the gauge, throttling
 * raises a notification, and Wake Up works from the tray menu. HEADROOM_E2E=1 makes main.ts show the popover at
 * start and expose test hooks (globalThis.headroomTestHooks): the tray menu's items and the notifications shown,
 * since a test cannot click a system tray or read the desktop's notifications.
 *
 * The demo tour (electron/service/demo/demo-tour.ts) puts the connection to sleep within its first minute and keeps
 * usage high for the minute after: the tests below wait for it, in order, on one app.
 *
 * Where no Electron binary is installed (npm ran no install scripts: .npmrc), every test is skipped, and why is
 * printed once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { buildElectron } from '../../build/scripts/build-electron';

const root = join(import.meta.dirname, '..', '..');

/** Why the suite cannot run here, or undefined when it can. */
function whyNot(): string | undefined {
  if (!existsSync(join(root, 'node_modules', 'electron', 'dist'))) {
    return 'Electron binary not installed (node_modules/electron/dist missing): the tray app suite needs it; the shell is covered by fakes in test/shell';
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return 'No display ($DISPLAY and $WAYLAND_DISPLAY unset): the tray app suite needs one (xvfb-run npm test)';
  }
  return undefined;
}
const skipReason = whyNot();

/** The throttle's first sleep in the demo tour comes before its climb ends, about a minute in. */
const ASLEEP_TIMEOUT = 90_000;
const UI_TIMEOUT = 20_000;

interface TestHooks {
  trayMenuItems(): { label: string; enabled: boolean; click(): void }[];
  notificationsShown(): { title: string; body: string }[];
}

test.describe('the tray app in Electron', () => {
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let popover: Page;
  let userData: string | undefined;

  test.beforeAll(async () => {
    if (skipReason !== undefined) {
      // Once, in the run's output (the reporters do not print a skip's reason); then every test is skipped.
      console.log(`Skipped: ${skipReason}.`);
      test.skip(true, skipReason);
      return;
    }
    await buildElectron({ root });
    userData = mkdtempSync(join(tmpdir(), 'headroom-electron-'));
    const executablePath = createRequire(join(root, 'package.json'))('electron') as string;
    const env = { ...process.env, HEADROOM_E2E: '1', HEADROOM_USER_DATA: userData } as Record<string, string>;
    delete env['ELECTRON_RUN_AS_NODE'];
    app = await _electron.launch({
      executablePath,
      cwd: root,
      // Chromium will not run as root with its sandbox (containers, CI); a user's desktop keeps it.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '.', `--user-data-dir=${userData}`],
      env,
    });
    popover = await app.firstWindow();
  });

  test.afterAll(async () => {
    if (skipReason === undefined) await app.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function menuItem(label: string) {
    return app.evaluate((_electron, wanted) => {
      const hooks = (globalThis as unknown as { headroomTestHooks: TestHooks }).headroomTestHooks;
      const item = hooks.trayMenuItems().find((candidate) => candidate.label === wanted);
      return item ? { label: item.label, enabled: item.enabled } : undefined;
    }, label);
  }

  async function notifications() {
    return app.evaluate(() =>
      (globalThis as unknown as { headroomTestHooks: TestHooks }).headroomTestHooks.notificationsShown(),
    );
  }

  test('launches in demo mode and the popover shows the gauge', async () => {
    await expect(popover.getByRole('meter', { name: 'Tenant API usage' })).toBeVisible({ timeout: UI_TIMEOUT });
    await expect(popover.getByText(/demo/i).first()).toBeVisible();
  });

  test('raises a notification when throttling starts', async () => {
    test.setTimeout(ASLEEP_TIMEOUT + 30_000);
    await expect
      .poll(async () => (await notifications()).map((shown) => shown.title), { timeout: ASLEEP_TIMEOUT })
      .toContain('Autotask API throttled');
    const shown = (await notifications()).filter((notification) => notification.title === 'Autotask API throttled');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.body).toBeTruthy();
  });

  test('Wake Up from the tray menu wakes the connection', async () => {
    test.setTimeout(ASLEEP_TIMEOUT + 30_000);
    await expect.poll(async () => (await menuItem('Wake Up'))?.enabled, { timeout: ASLEEP_TIMEOUT }).toBe(true);
    await app.evaluate(() => {
      const hooks = (globalThis as unknown as { headroomTestHooks: TestHooks }).headroomTestHooks;
      hooks
        .trayMenuItems()
        .find((item) => item.label === 'Wake Up')
        ?.click();
    });
    const stateLine = popover.getByRole('region', { name: 'Throttle state' }).getByRole('status');
    await expect(stateLine).toHaveText(/^Awake \(woken by hand\)/, { timeout: UI_TIMEOUT });
  });
});
