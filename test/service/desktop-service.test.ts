import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { defaultSettings } from '../../electron/core/settings/settings';
import { startDesktopService, type DesktopService } from '../../electron/service/desktop-service';
import { FileHistoryStore } from '../../electron/service/history-file-store';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { MemorySettingsStore } from '../../electron/service/memory-settings-store';
import { FileSettingsStore, type SettingsStore } from '../../electron/service/settings-store';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';

let desktop: DesktopService | undefined;
let simulator: Simulator | undefined;
let directory: string | undefined;

afterEach(async () => {
  await desktop?.stop();
  await simulator?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
  desktop = simulator = directory = undefined;
});

async function start(
  settings = defaultSettings,
  secret?: string,
  settingsStore: SettingsStore = new MemorySettingsStore({ ...settings, gateway: { ...settings.gateway, port: 0 } }),
  onProblem: (message: string) => void = () => undefined,
): Promise<DesktopService> {
  directory ??= await mkdtemp(join(tmpdir(), 'headroom-desktop-'));
  desktop = await startDesktopService({
    settingsStore,
    secretStore: new MemorySecretStore(secret),
    historyStore: new FileHistoryStore(join(directory, 'history.json')),
    clock: systemClock,
    onProblem,
  });
  return desktop;
}

describe('the tray app’s service', () => {
  it('logs what it does: watching the demo tenant at first, and its stop', async () => {
    const logged: string[] = [];
    directory = await mkdtemp(join(tmpdir(), 'headroom-desktop-'));
    const started = await startDesktopService({
      settingsStore: new MemorySettingsStore({ ...defaultSettings, gateway: { ...defaultSettings.gateway, port: 0 } }),
      secretStore: new MemorySecretStore(),
      historyStore: new FileHistoryStore(join(directory, 'history.json')),
      clock: systemClock,
      onProblem: () => undefined,
      log: (event) => logged.push(event),
    });
    expect(logged[0]).toMatch(/^watching the demo tenant at http:\/\/127\.0\.0\.1:\d+\/.*, the gateway at /);
    await started.stop();
    expect(logged.at(-1)).toBe('service stopped');
  });

  it('shows the demo tenant while no connection is set up, with its own calls going through the gateway', async () => {
    const { service } = await start();
    const snapshot = await service.snapshot();
    expect(snapshot.mode).toBe('demo');
    await expect.poll(async () => (await service.gatewayStats()).forwarded, { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('stops the demo’s calls once the user connects a tenant of their own', async () => {
    simulator = await startSimulator({ port: 0, latency: false });
    const { service } = await start();
    await expect.poll(async () => (await service.gatewayStats()).forwarded, { timeout: 15_000 }).toBeGreaterThan(0);

    const saved = await service.updateConnection({
      autotaskBaseUrl: simulator.baseUrl,
      username: demoUser.username,
      integrationCode: demoUser.integrationCode,
      secret: demoUser.secret,
    });

    expect(saved.ok).toBe(true);
    await expect.poll(async () => (await service.snapshot()).mode, { timeout: 10_000 }).toBe('live');
    const settled = (await service.gatewayStats()).forwarded;
    const seenByTenant = await simulatorCount(simulator);
    await expect.poll(async () => (await service.snapshot()).connection.health, { timeout: 10_000 }).toBe('ok');
    // No demo call reaches the tenant now: what it counts from here on is Headroom's own polling only.
    expect((await service.gatewayStats()).forwarded).toBe(settled);
    expect(await simulatorCount(simulator)).toBeLessThanOrEqual(seenByTenant + 2);
  });

  it('tells the user when the settings file could not be used, and starts from the defaults', async () => {
    directory = await mkdtemp(join(tmpdir(), 'headroom-desktop-'));
    writeFileSync(join(directory, 'settings.json'), '{ not json');
    const problems: string[] = [];
    const { service } = await start(defaultSettings, undefined, new FileSettingsStore({ directory }), (message) =>
      problems.push(message),
    );
    expect((await service.snapshot()).mode).toBe('demo');
    expect(problems).toEqual([expect.stringMatching(/settings/i)]);
  });

  it('watches the stored connection at once when one is set up, without a demo', async () => {
    simulator = await startSimulator({ port: 0, latency: false });
    const settings = {
      ...defaultSettings,
      connection: {
        ...defaultSettings.connection,
        autotaskBaseUrl: simulator.baseUrl,
        username: demoUser.username,
        integrationCode: demoUser.integrationCode,
      },
    };
    const { service } = await start(settings, demoUser.secret);
    expect((await service.snapshot()).mode).toBe('live');
    await expect.poll(async () => (await service.snapshot()).connection.health, { timeout: 10_000 }).toBe('ok');
    expect((await service.gatewayStats()).forwarded).toBe(0);
  });
});

async function simulatorCount(tenant: Simulator): Promise<number> {
  const response = await fetch(new URL('/_sim/stats', tenant.origin));
  return ((await response.json()) as { windowCount: number }).windowCount;
}
