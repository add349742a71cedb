/**
 * "Notifications on/off", "Pause for N minutes" and "Resume" from the tray and the popover, as a change of the
 * notification settings. The request comes across a process boundary: anything else is refused in words.
 */
import type { NotificationPreferences, NotificationUpdate, Refused } from '../contract';
import type { NotificationSettings } from '../core/settings/settings';
import { isRecord } from '../core/settings/validate';

/** Checked as part of the whole settings by applySettingsChange, which names a value of the wrong kind. */
export interface NotificationPatch {
  notifications: Record<string, unknown>;
}

/** A day: the longest quiet that still informs (the same bound as the notification cooldown). */
export const MAX_PAUSE_MINUTES = 1440;

export function notificationPatch(update: NotificationUpdate | unknown, now: number): NotificationPatch | Refused {
  if (isRecord(update) && Object.keys(update).length === 1) {
    if ('enabled' in update) return { notifications: { enabled: update['enabled'] } };
    if ('resume' in update && update['resume'] === true) return { notifications: { pausedUntil: null } };
    if ('pauseForMinutes' in update) {
      const minutes = update['pauseForMinutes'];
      if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_PAUSE_MINUTES) {
        return { notifications: { pausedUntil: now + minutes * 60_000 } };
      }
      return refused(
        'notifications.pauseForMinutes',
        `Pause notifications for must be a whole number of minutes from 1 to ${MAX_PAUSE_MINUTES}.`,
      );
    }
  }
  return refused(
    '',
    'A notification change must be one of: enabled (true or false), pauseForMinutes (a number of minutes), or ' +
      'resume (true).',
  );
}

/** A pause that has run out is no pause. */
export function notificationPreferences(settings: NotificationSettings, now: number): NotificationPreferences {
  const { enabled, pausedUntil } = settings;
  return { enabled, ...(pausedUntil !== undefined && pausedUntil > now ? { pausedUntil } : {}) };
}

function refused(field: string, message: string): Refused {
  return { ok: false, problems: [{ field, message }] };
}
