import type { SettingsProblem } from './problems';
import { currentSettingsVersion, defaultSettings, type Settings } from './settings';
import { isRecord, validateSettings } from './validate';
import { UserFacingError } from '../user-facing-error';

export type SettingsFileErrorKind = 'unreadable' | 'newer-version' | 'invalid';

/**
 * The saved settings cannot be used. The caller sets the file aside, starts from defaults and shows `userMessage`;
 * `problems` lists what was wrong with a readable but invalid document. Never holds a value from the file.
 */
export class SettingsFileError extends UserFacingError {
  override readonly name = 'SettingsFileError';

  constructor(
    readonly kind: SettingsFileErrorKind,
    userMessage: string,
    readonly problems: readonly SettingsProblem[] = [],
  ) {
    super(userMessage);
  }
}

type Document = Record<string, unknown>;

/**
 * Version 1 (the first release) kept thresholds as fractions of the limit (0.9 = 90%) under other names, had
 * flat gateway and notification switches, and had no hysteresis, Wake Up grace, hold, queue or cooldown settings:
 *   { version: 1, autotask: { baseUrl, apiUser, integrationCode, impersonationResourceId? },
 *     thresholds: { slowAt, sleepAt, resumeAt, criticalStopAt }, autoResume, gatewayPort, notificationsEnabled }
 * Fields are carried over as found; a missing or mistyped one is left for validation to name in today's terms.
 */
function fromVersion1(v1: Document): Document {
  const autotask = section(v1, 'autotask');
  const thresholds = section(v1, 'thresholds');
  return {
    version: 2,
    connection: withoutGaps({
      autotaskBaseUrl: autotask['baseUrl'],
      username: autotask['apiUser'],
      integrationCode: autotask['integrationCode'],
      impersonationResourceId: autotask['impersonationResourceId'],
    }),
    throttle: withoutGaps({
      slowAtPercent: percentFromFraction(thresholds['slowAt']),
      sleepAtPercent: percentFromFraction(thresholds['sleepAt']),
      resumeBelowPercent: percentFromFraction(thresholds['resumeAt']),
      criticalStopAtPercent: percentFromFraction(thresholds['criticalStopAt']),
      hysteresisPercent: defaultSettings.throttle.hysteresisPercent,
      autoResume: v1['autoResume'],
      wakeGraceSeconds: defaultSettings.throttle.wakeGraceSeconds,
    }),
    gateway: withoutGaps({ ...defaultSettings.gateway, port: v1['gatewayPort'] }),
    notifications: withoutGaps({ ...defaultSettings.notifications, enabled: v1['notificationsEnabled'] }),
  };
}

/** migrations[n] turns a version n document into a version n + 1 one. */
const migrations: Record<number, (document: Document) => Document> = { 1: fromVersion1 };

/**
 * Reads a saved settings document of any known version and returns it as valid current settings. Throws a
 * SettingsFileError (never a raw zod error) for garbage, a document from a newer Headroom, or invalid settings.
 * Idempotent: current valid settings come back unchanged.
 */
export function migrateSettings(raw: unknown): Settings {
  if (!isRecord(raw)) throw unreadable();
  const version = raw['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw unreadable();
  if (version > currentSettingsVersion)
    throw new SettingsFileError(
      'newer-version',
      `The saved settings come from a newer version of Headroom (settings version ${version}; this version reads ` +
        `up to ${currentSettingsVersion}). Update Headroom to use them; until then it starts with default settings.`,
    );
  let document: Document = raw;
  for (let from = version; from < currentSettingsVersion; from++) {
    const step = migrations[from];
    if (!step) throw unreadable();
    document = step(document);
  }
  const result = validateSettings(document);
  if (result.ok) return result.value;
  throw new SettingsFileError(
    'invalid',
    `The saved settings are not valid, so Headroom starts with default settings: ` +
      `${result.problems.map((problem) => problem.message).join(' ')}`,
    result.problems,
  );
}

function unreadable(): SettingsFileError {
  return new SettingsFileError(
    'unreadable',
    'The saved settings file could not be read as Headroom settings, so Headroom starts with default settings.',
  );
}

function section(document: Document, key: string): Document {
  const value = document[key];
  return isRecord(value) ? value : {};
}

/** Rounded to hundredths of a percent, so 0.07 becomes 7 and not 7.000000000000001. */
function percentFromFraction(value: unknown): unknown {
  return typeof value === 'number' ? Math.round(value * 10000) / 100 : value;
}

/** Drops fields the old document did not have, so validation reports them as missing rather than mistyped. */
function withoutGaps(fields: Document): Document {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
