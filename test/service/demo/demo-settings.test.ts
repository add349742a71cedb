import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/core/settings/settings';
import { validateSettings } from '../../../electron/core/settings/validate';
import { demoWakeGraceSeconds, withDemoSettings } from '../../../electron/service/demo/demo-settings';

describe('the demo settings', () => {
  const base = 'http://127.0.0.1:4321/ATServicesRest/';

  it('point the connection at the simulator and shorten the Wake Up grace and the notification cooldown', () => {
    const demo = withDemoSettings(defaultSettings, base);
    expect(demo.connection).toEqual({ ...defaultSettings.connection, autotaskBaseUrl: base });
    expect(demo.throttle).toEqual({ ...defaultSettings.throttle, wakeGraceSeconds: demoWakeGraceSeconds });
    expect(demo.notifications.cooldownMinutes).toBe(1);
    expect(demo.gateway).toEqual(defaultSettings.gateway);
  });

  it('are settings the schema accepts', () => {
    expect(validateSettings(withDemoSettings(defaultSettings, base))).toMatchObject({ ok: true });
  });

  it('keep the user’s own thresholds', () => {
    const own = { ...defaultSettings, throttle: { ...defaultSettings.throttle, sleepAtPercent: 85 } };
    expect(withDemoSettings(own, base).throttle.sleepAtPercent).toBe(85);
  });
});
