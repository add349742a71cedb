import { describe, expect, it } from 'vitest';
import { defaultSettings, isDemoMode } from '../../../electron/core/settings/settings';
import { validateSettings } from '../../../electron/core/settings/validate';

describe('defaultSettings', () => {
  it('start a new install in demo mode, with the documented thresholds, a fixed gateway port and notifications on', () => {
    expect(validateSettings(defaultSettings).ok).toBe(true);
    expect(isDemoMode(defaultSettings.connection)).toBe(true);
    expect(defaultSettings.throttle).toMatchObject({
      slowAtPercent: 75,
      sleepAtPercent: 90,
      resumeBelowPercent: 70,
      criticalStopAtPercent: 98,
    });
    expect(defaultSettings.gateway).toEqual({ port: 4866, maxHoldSeconds: 30, queueLimitPerPriority: 500 });
    expect(defaultSettings.notifications).toEqual({ enabled: true, cooldownMinutes: 15 });
    expect(JSON.stringify(defaultSettings)).not.toMatch(/secret/i);
  });

  it('leave demo mode once an API username is set', () => {
    expect(isDemoMode({ ...defaultSettings.connection, username: 'api@example.com', integrationCode: 'ACME' })).toBe(
      false,
    );
  });
});
