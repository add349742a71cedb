import { problemsFromIssues, withoutRepeats, type SettingsProblem } from './problems';
import { settingsSchema, throttleSchema } from './schema';
import { secretKeyProblems } from './secret-keys';
import type { ConnectionSettings, GatewaySettings, NotificationSettings, Settings } from './settings';
import { thresholdProblems } from './threshold-rules';
import type { ThrottleSettings } from './throttle-settings';

export type SettingsValidation = { ok: true; value: Settings } | { ok: false; problems: SettingsProblem[] };

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** A change from the popover: any settings of any section; `null` clears an optional setting. */
export interface SettingsPatch {
  connection?: Nullable<ConnectionSettings>;
  throttle?: Nullable<ThrottleSettings>;
  gateway?: Nullable<GatewaySettings>;
  notifications?: Nullable<NotificationSettings>;
}

/** Checks a whole settings document. Every problem is reported at once, each naming its field. */
export function validateSettings(input: unknown): SettingsValidation {
  return checkSettings(input, new Set());
}

/**
 * Applies a change to valid settings and checks the result as a whole, so a change can never leave the
 * document inconsistent. Refused -> `current` stands; the caller persists only an `ok` value. `patch` comes
 * across a process boundary, so anything is accepted here and refused with a problem if it is not a patch.
 */
export function applySettingsChange(current: Settings, patch: unknown): SettingsValidation {
  if (!isRecord(patch)) return refused([{ field: '', message: 'A settings change must be a group of settings.' }]);
  const changed = new Set<string>();
  const sections = Object.entries(patch).map(([section, change]) => {
    const before: unknown = Object.entries(current).find(([name]) => name === section)?.[1];
    if (isRecord(change) && isRecord(before)) {
      for (const key of Object.keys(change)) changed.add(`${section}.${key}`);
      return [section, withChanges(before, change)] as const;
    }
    changed.add(section);
    return [section, change] as const;
  });
  return checkSettings(Object.fromEntries([...Object.entries(current), ...sections]), changed);
}

function checkSettings(input: unknown, changed: ReadonlySet<string>): SettingsValidation {
  const secrets = secretKeyProblems(input);
  const parsed = settingsSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : problemsFromIssues(parsed.error.issues, new Set(secrets.map((problem) => problem.field)));
  // Checked whenever the throttle section on its own is well formed, so every problem is reported in one go.
  const throttle = throttleSchema.safeParse(isRecord(input) ? input['throttle'] : undefined);
  if (throttle.success) problems.push(...thresholdProblems(throttle.data, changed));
  const all = withoutRepeats([...secrets, ...problems]);
  if (parsed.success && all.length === 0) return { ok: true, value: parsed.data };
  return refused(all);
}

/**
 * Built from entries, never by assignment, so a key such as `__proto__` stays an ordinary key (which the schema
 * then refuses) instead of reaching the object's prototype.
 */
function withChanges(before: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const merged = Object.entries(Object.fromEntries([...Object.entries(before), ...Object.entries(change)]));
  return Object.fromEntries(merged.filter(([, value]) => value !== null));
}

function refused(problems: SettingsProblem[]): SettingsValidation {
  return { ok: false, problems };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
