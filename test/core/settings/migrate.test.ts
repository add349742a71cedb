import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrateSettings, SettingsFileError } from '../../../electron/core/settings/migrate';
import { defaultSettings, type Settings } from '../../../electron/core/settings/settings';
import { validSettings } from './arbitraries';

const version1 = {
  version: 1,
  autotask: {
    baseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
    apiUser: 'abc123@example.com',
    integrationCode: 'ACME-SYNC',
    impersonationResourceId: 29682885,
  },
  thresholds: { slowAt: 0.8, sleepAt: 0.92, resumeAt: 0.07, criticalStopAt: 0.985 },
  autoResume: false,
  gatewayPort: 5100,
  notificationsEnabled: false,
};

/** What a version 1 document looked like for settings that had the defaults for everything v1 did not know. */
function asVersion1(settings: Settings) {
  const { connection, throttle } = settings;
  return {
    version: 1,
    autotask: {
      baseUrl: connection.autotaskBaseUrl,
      apiUser: connection.username,
      integrationCode: connection.integrationCode,
      ...(connection.impersonationResourceId === undefined
        ? {}
        : { impersonationResourceId: connection.impersonationResourceId }),
    },
    thresholds: {
      slowAt: throttle.slowAtPercent / 100,
      sleepAt: throttle.sleepAtPercent / 100,
      resumeAt: throttle.resumeBelowPercent / 100,
      criticalStopAt: throttle.criticalStopAtPercent / 100,
    },
    autoResume: throttle.autoResume,
    gatewayPort: settings.gateway.port,
    notificationsEnabled: settings.notifications.enabled,
  };
}

function failure(raw: unknown): SettingsFileError {
  try {
    migrateSettings(raw);
  } catch (error) {
    if (error instanceof SettingsFileError) return error;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('migrateSettings', () => {
  it('carries a version 1 document forward: fractions become percentages, renamed fields land, new ones get defaults', () => {
    expect(migrateSettings(version1)).toEqual({
      version: 2,
      connection: {
        autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
        username: 'abc123@example.com',
        integrationCode: 'ACME-SYNC',
        impersonationResourceId: 29682885,
      },
      throttle: {
        slowAtPercent: 80,
        sleepAtPercent: 92,
        resumeBelowPercent: 7,
        criticalStopAtPercent: 98.5,
        hysteresisPercent: 3,
        autoResume: false,
        wakeGraceSeconds: 120,
      },
      gateway: { port: 5100, maxHoldSeconds: 30, queueLimitPerPriority: 500 },
      notifications: { enabled: false, cooldownMinutes: 15 },
    });
  });

  it('returns current settings unchanged', () => {
    expect(migrateSettings(structuredClone(defaultSettings))).toEqual(defaultSettings);
  });

  it('names, in today’s terms, what a damaged version 1 document lacks', () => {
    const error = failure({ ...version1, thresholds: undefined });
    expect(error.kind).toBe('invalid');
    expect(error.problems.map((problem) => problem.field)).toEqual([
      'throttle.slowAtPercent',
      'throttle.sleepAtPercent',
      'throttle.resumeBelowPercent',
      'throttle.criticalStopAtPercent',
    ]);
    expect(error.problems[0]?.message).toBe('Slow down at is missing: it must be a percentage from 1 to 100.');
  });

  it('does not guess when a version 1 document already held percentages', () => {
    const error = failure({ ...version1, thresholds: { slowAt: 80, sleepAt: 92, resumeAt: 70, criticalStopAt: 98 } });
    expect(error.kind).toBe('invalid');
    expect(error.userMessage).toContain('Slow down at must be a percentage from 1 to 100.');
  });

  it('refuses a document from a newer Headroom, saying which version it is', () => {
    const error = failure({ ...defaultSettings, version: 3 });
    expect(error.kind).toBe('newer-version');
    expect(error.userMessage).toBe(
      'The saved settings come from a newer version of Headroom (settings version 3; this version reads up to 2). ' +
        'Update Headroom to use them; until then it starts with default settings.',
    );
  });

  it('refuses garbage with a typed error the caller can show, never a raw zod error', () => {
    for (const raw of [null, undefined, 'version: 2', 42, [], {}, { version: '2' }, { version: 0 }, { version: 1.5 }])
      expect(failure(raw)).toMatchObject({
        kind: 'unreadable',
        userMessage:
          'The saved settings file could not be read as Headroom settings, so Headroom starts with default settings.',
      });
  });

  it('refuses invalid current settings with every problem, and never repeats a secret found in them', () => {
    const error = failure({
      ...defaultSettings,
      connection: { ...defaultSettings.connection, secret: 'hunter2' },
      gateway: { ...defaultSettings.gateway, port: -1 },
    });
    expect(error).toBeInstanceOf(SettingsFileError);
    expect(error.kind).toBe('invalid');
    expect(error.problems.map((problem) => problem.field)).toEqual(['connection.secret', 'gateway.port']);
    expect(`${error.message} ${error.userMessage} ${JSON.stringify(error.problems)}`).not.toContain('hunter2');
  });

  it('is idempotent on current documents', () => {
    fc.assert(
      fc.property(validSettings, (settings) => {
        const once = migrateSettings(JSON.parse(JSON.stringify(settings)));
        expect(once).toEqual(settings);
        expect(migrateSettings(once)).toEqual(once);
      }),
    );
  });

  it('brings any version 1 document back to the settings it stood for', () => {
    const expressibleInVersion1 = validSettings
      .filter(({ throttle }) => throttle.slowAtPercent - throttle.resumeBelowPercent >= 3)
      .map((settings) => ({
        ...settings,
        throttle: { ...settings.throttle, hysteresisPercent: 3, wakeGraceSeconds: 120 },
        gateway: { ...defaultSettings.gateway, port: settings.gateway.port },
        notifications: { ...defaultSettings.notifications, enabled: settings.notifications.enabled },
      }));
    fc.assert(
      fc.property(expressibleInVersion1, (settings) => {
        expect(migrateSettings(asVersion1(settings))).toEqual(settings);
      }),
    );
  });
});
