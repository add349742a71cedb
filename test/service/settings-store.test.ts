import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import { FileSettingsStore } from '../../electron/service/settings-store';
import { VirtualClock } from '../support/virtual-clock';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'headroom-settings-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const storeIn = (dir: string) => new FileSettingsStore({ directory: dir, clock: new VirtualClock() });
const settingsFile = () => join(directory, 'settings.json');

const liveSettings: Settings = {
  ...defaultSettings,
  connection: {
    autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
    username: 'api@example.com',
    integrationCode: 'ABC123',
  },
  throttle: { ...defaultSettings.throttle, slowAtPercent: 80 },
};

describe('the settings store', () => {
  it('starts from the defaults when nothing is saved, and says nothing of it', () => {
    expect(storeIn(directory).load()).toEqual({ settings: defaultSettings });
  });

  it('gives back what it saved, in a later run too', () => {
    expect(storeIn(directory).save(liveSettings)).toEqual({ ok: true, value: liveSettings });
    expect(storeIn(directory).load()).toEqual({ settings: liveSettings });
  });

  it('carries a version 1 document forward to the current settings', () => {
    const version1 = {
      version: 1,
      autotask: {
        baseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
        apiUser: 'api@example.com',
        integrationCode: 'ABC123',
      },
      thresholds: { slowAt: 0.7, sleepAt: 0.85, resumeAt: 0.6, criticalStopAt: 0.95 },
      autoResume: false,
      gatewayPort: 5000,
      notificationsEnabled: false,
    };
    writeFileSync(settingsFile(), JSON.stringify(version1));

    const { settings, problem } = storeIn(directory).load();

    expect(problem).toBeUndefined();
    expect(settings.version).toBe(2);
    expect(settings.connection).toEqual({
      autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
      username: 'api@example.com',
      integrationCode: 'ABC123',
    });
    expect(settings.throttle).toMatchObject({
      slowAtPercent: 70,
      sleepAtPercent: 85,
      resumeBelowPercent: 60,
      criticalStopAtPercent: 95,
      autoResume: false,
    });
    expect(settings.gateway.port).toBe(5000);
    expect(settings.notifications.enabled).toBe(false);
  });

  it('reads the whole file past a temp file a crash left, and removes the temp file', () => {
    storeIn(directory).save(liveSettings);
    writeFileSync(join(directory, 'settings.json.4242-1.tmp'), '{"version": 2, "conn');
    expect(storeIn(directory).load()).toEqual({ settings: liveSettings });
    expect(readdirSync(directory)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect(statSync(settingsFile()).mode & 0o777).toBe(0o600);
  });

  it('sets a damaged file aside, starts from the defaults, and says so', () => {
    writeFileSync(settingsFile(), '{"version": 2, "connection": ');

    const { settings, problem } = storeIn(directory).load();

    expect(settings).toEqual(defaultSettings);
    expect(problem).toMatch(
      /damaged \(it is not valid JSON\).*kept as settings\.json\.set-aside-2026-01-05T09-00-00-000Z/,
    );
    const files = readdirSync(directory);
    expect(files).toEqual(['settings.json.set-aside-2026-01-05T09-00-00-000Z']);
    expect(readFileSync(join(directory, files[0] ?? ''), 'utf8')).toBe('{"version": 2, "connection": ');
  });

  it('sets aside a readable file with invalid settings, naming what is wrong', () => {
    const invalid = { ...liveSettings, throttle: { ...liveSettings.throttle, sleepAtPercent: 150 } };
    writeFileSync(settingsFile(), JSON.stringify(invalid));

    const { settings, problem } = storeIn(directory).load();

    expect(settings).toEqual(defaultSettings);
    expect(problem).toContain('Sleep at must be a percentage from 1 to 100.');
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^settings\.json\.set-aside-/)]);
  });

  it('keeps both of two damaged files set aside at the same moment', () => {
    const store = storeIn(directory);
    writeFileSync(settingsFile(), 'not json');
    store.load();
    writeFileSync(settingsFile(), 'not json either');
    store.load();
    expect(readdirSync(directory).sort()).toEqual([
      'settings.json.set-aside-2026-01-05T09-00-00-000Z',
      'settings.json.set-aside-2026-01-05T09-00-00-000Z-2',
    ]);
  });

  it('saves over a set-aside file afresh', () => {
    writeFileSync(settingsFile(), 'not json');
    const store = storeIn(directory);
    store.load();
    expect(store.save(liveSettings).ok).toBe(true);
    expect(storeIn(directory).load()).toEqual({ settings: liveSettings });
  });

  it('refuses invalid settings with the field named, and leaves the file byte for byte as it was', () => {
    const store = storeIn(directory);
    store.save(liveSettings);
    const before = readFileSync(settingsFile());

    const outcome = store.save({ ...liveSettings, gateway: { ...liveSettings.gateway, maxHoldSeconds: 0 } });

    expect(outcome).toEqual({
      ok: false,
      problems: [
        { field: 'gateway.maxHoldSeconds', message: 'Longest hold must be a whole number of seconds from 1 to 600.' },
      ],
    });
    expect(readFileSync(settingsFile()).equals(before)).toBe(true);
  });

  it('never writes a secret into the settings file', () => {
    const store = storeIn(directory);
    const withSecret = { ...liveSettings, connection: { ...liveSettings.connection, secret: 'hunter2' } };

    const outcome = store.save(withSecret as Settings);

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems.map((problem) => problem.field)).toEqual(['connection.secret']);
    expect(readdirSync(directory)).toEqual([]);
  });
});
