import type { Settings } from '../../core/settings/settings';

/**
 * Wake Up's grace in demo mode, against 120 s by default: the tour's plateau keeps usage above sleepAt for about a
 * minute, long enough to press Wake Up, watch calls resume, and see it put back to sleep when the grace is over.
 */
export const demoWakeGraceSeconds = 20;

/**
 * The shortest cooldown the schema allows: with the default 15 minutes a lap of under three would announce its
 * sleep once and then keep quiet for five laps.
 */
export const demoNotificationCooldownMinutes = 1;

/**
 * The settings demo mode runs with: the user's own, pointed at the embedded simulator, with the two timings above.
 * Apply them to every settings change while in demo mode; they are never meant to be saved.
 */
export function withDemoSettings(settings: Settings, autotaskBaseUrl: string): Settings {
  return {
    ...settings,
    connection: { ...settings.connection, autotaskBaseUrl },
    throttle: { ...settings.throttle, wakeGraceSeconds: demoWakeGraceSeconds },
    notifications: { ...settings.notifications, cooldownMinutes: demoNotificationCooldownMinutes },
  };
}
