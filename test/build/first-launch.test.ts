/**
 * The built tray app, started for real in plain Node with a stand-in Electron (./stand-in-electron/): what a
 * user's first `npm start` or first launch of the package runs, from dist/electron/main.cjs and from the packaged
 * app.asar, with every path, external module and piece of composition main.ts puts together. Runs in the package
 * stage (`npm run test:package`), on the build package-setup.ts made; skipped in a plain `vitest run`.
 *
 * Each launch gets a user-data folder of its own with stored settings: the gateway on a port the OS picks (a real
 * first launch takes 4866), and in demo mode thresholds low enough that the tour's first seconds go to sleep.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, inject, it, type ExpectStatic } from 'vitest';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import type { ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import { FileSettingsStore } from '../../electron/service/settings-store';
import { popoverWindowOptions } from '../../electron/shell/popover-window';
import { SafeStorageSecretStore } from '../../electron/shell/safe-storage-secret-store';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';
import { fakeSafeStorage } from '../support/electron-fakes/safe-storage';
import { openAsar, unpackAsar } from './asar';
import { buildStandIn, LaunchedApp } from './stand-in-electron/launch';
import type { StandInConfig } from './stand-in-electron/messages';

const root = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
/** Quit waits this long at most for the service to stop (stopBeforeQuitting). */
const quitBudgetMs = 10_000;

/** Sleep at 3% of the demo tenant's 1,000: the tour's others alone pass it in the first seconds. */
const sleepEarly: Partial<ThrottleSettings> = {
  resumeBelowPercent: 1,
  slowAtPercent: 2,
  sleepAtPercent: 3,
  hysteresisPercent: 1,
};

let scratch: string;
let standIn: string;
let unpackedApp: string;
let resourcesPath: string;
const launched: LaunchedApp[] = [];

/** Stores settings (and a secret) the way the app's own stores do, in a new user-data folder. */
function userDataWith(name: string, settings: Settings, secret?: string): string {
  const folder = join(scratch, name);
  mkdirSync(folder);
  const saved = new FileSettingsStore({ directory: folder }).save(settings);
  if (!saved.ok) throw new Error(`the test's settings were refused: ${JSON.stringify(saved)}`);
  if (secret !== undefined) {
    new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file: join(folder, 'secret.bin') }).set(secret);
  }
  return folder;
}

function launch(main: string, config: StandInConfig): LaunchedApp {
  const app = new LaunchedApp({ main, standIn, home: scratch, ...config });
  launched.push(app);
  return app;
}

const withGatewayOnAnyPort = (settings: Settings): Settings => ({
  ...settings,
  gateway: { ...settings.gateway, port: 0 },
});

/** Quit from the tray menu: the app stops within its budget, cleanly, and says nothing on the way. */
async function quitCleanly(app: LaunchedApp, expect: ExpectStatic): Promise<void> {
  app.clickMenuItem('Quit Headroom');
  expect(await app.exitedWithin(quitBudgetMs)).toEqual({ code: 0, signal: null });
  expect(app.stderr).toBe('');
  expect(app.stdout).toBe('');
}

describe.skipIf(process.env['HEADROOM_PACKAGE_TEST'] !== '1')('the built tray app, started', () => {
  beforeAll(async () => {
    const packaged = inject('packaged');
    scratch = mkdtempSync(join(tmpdir(), 'headroom-launch-'));
    standIn = await buildStandIn(scratch);
    // Node cannot read an asar: the packaged app's files, as they are in it, in a folder of their own.
    unpackedApp = join(scratch, 'app.asar');
    unpackAsar(openAsar(join(packaged.resources, 'app.asar')), unpackedApp);
    resourcesPath = packaged.resources;
  });

  afterAll(async () => {
    await Promise.all(launched.map((app) => app.kill()));
    rmSync(scratch, { recursive: true, force: true });
  });

  const bundles = [
    {
      name: 'dist/electron/main.cjs',
      folder: 'dist',
      main: () => join(root, 'dist', 'electron', 'main.cjs'),
      packaged: false,
    },
    {
      name: 'the packaged app.asar',
      folder: 'asar',
      main: () => join(unpackedApp, 'dist', 'electron', 'main.cjs'),
      packaged: true,
    },
  ];

  it.concurrent.for(bundles)(
    '$name: shows the demo in the tray, throttles it with a notification, and quits writing the history',
    async ({ folder, main, packaged }, { expect }) => {
      const bundle = main();
      const iconDirectory = packaged ? join(resourcesPath, 'tray') : join(root, 'build', 'tray');
      const userData = userDataWith(
        folder,
        withGatewayOnAnyPort({ ...defaultSettings, throttle: { ...defaultSettings.throttle, ...sleepEarly } }),
      );
      const app = launch(bundle, { userData, packaged: packaged && { resourcesPath }, version });

      // The popover: the renderer and the preload beside the bundle, and the window locked down.
      const window = await app.next('window-created');
      const preload = join(dirname(bundle), 'preload.cjs');
      expect(window.options).toEqual(popoverWindowOptions(preload));
      expect(existsSync(preload), preload).toBe(true);
      const page = (await app.next('window-loaded')).file;
      expect(page).toBe(join(dirname(bundle), '..', 'renderer', 'index.html'));
      expect(existsSync(page), page).toBe(true);
      expect(await app.navigationRefused([pathToFileURL(page).href, 'https://evil.example/'])).toEqual([false, true]);

      // The tray: an icon file that exists, the demo's figures, and both changing as the tour climbs.
      await app.next('tray-created');
      expect(await app.next('tray-menu')).toMatchObject({ labels: expect.arrayContaining(['Quit Headroom']) });
      await app.next('tray-tooltip', {
        // The tour climbs fast past these low thresholds: on a busy machine the first figures may already be past
        // slowAt.
        matches: ({ tooltip }) => /^Headroom \(demo\): [\d,]+ \/ 1,000 \(\d+%\) · (Normal|Slowed)$/.test(tooltip),
        what: 'a tooltip with the demo figures',
      });
      const notice = await app.next('notification', { what: 'a notification that calls are asleep' });
      expect(notice.body).toMatch(/\/ 1,000/);
      await app.next('tray-image', { matches: ({ image }) => basename(image).startsWith('asleep-') });
      const images = app.reports.flatMap((report) => (report.kind === 'tray-image' ? [report.image] : []));
      // Offline before the first reading, the demo's own look, then asleep; slowed on the way when a reading
      // falls between slowAt and sleepAt.
      const looks = new Set(images.map((image) => basename(image).split('-')[0]));
      expect([...looks].filter((look) => look !== 'slowed').sort()).toEqual(['asleep', 'demo', 'offline']);
      for (const image of images) {
        expect(dirname(image)).toBe(iconDirectory);
        expect(existsSync(image), image).toBe(true);
      }

      // A change saved from the popover lands in the settings file.
      await app.call('updateThresholds', defaultSettings.throttle);
      const stored = JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')) as Settings;
      expect(stored.throttle).toEqual(defaultSettings.throttle);

      await quitCleanly(app, expect);
      const history = JSON.parse(readFileSync(join(userData, 'history.json'), 'utf8')) as unknown;
      expect(history).toMatchObject({ hours: expect.any(Array) });
    },
  );

  describe('with a stored live connection', () => {
    let simulator: Simulator;
    beforeAll(async () => {
      simulator = await startSimulator({ port: 0, latency: false });
      // Other integrations' calls booked at once, so the app's first reading already has them.
      const booked = await fetch(`${simulator.origin}/_sim/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: 4_200 }),
      });
      if (!booked.ok) throw new Error(`the simulator did not book the usage: ${await booked.text()}`);
    });
    afterAll(() => simulator.close());

    it('shows the tenant’s usage in the tray', async ({ expect }) => {
      const connection = {
        autotaskBaseUrl: simulator.baseUrl,
        username: demoUser.username,
        integrationCode: demoUser.integrationCode,
      };
      const userData = userDataWith('live', withGatewayOnAnyPort({ ...defaultSettings, connection }), demoUser.secret);
      const app = launch(join(root, 'dist', 'electron', 'main.cjs'), { userData, packaged: false, version });

      const shown = await app.next('tray-tooltip', {
        matches: ({ tooltip }) => /^Headroom: [\d,]+ \/ 10,000/.test(tooltip),
        what: 'a tooltip with the tenant’s figures',
      });
      const stats = (await (await fetch(`${simulator.origin}/_sim/stats`)).json()) as { windowCount: number };
      const used = Number(/^Headroom: ([\d,]+)/.exec(shown.tooltip)?.[1]?.replaceAll(',', ''));
      expect(used).toBeGreaterThanOrEqual(4_200);
      expect(used).toBeLessThanOrEqual(stats.windowCount);
      expect(shown.tooltip).toMatch(/ \(42%\) · Normal$/);
      const image = await app.next('tray-image', { matches: ({ image }) => basename(image) === 'normal-50.png' });
      expect(existsSync(image.image)).toBe(true);

      await quitCleanly(app, expect);
    });
  });
});
