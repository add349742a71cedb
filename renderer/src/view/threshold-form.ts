import type { ThrottleSettings } from '../../../electron/core/settings/throttle-settings';

export type NumberField = Exclude<keyof ThrottleSettings, 'autoResume'>;

/** The form as typed: numbers stay text until they are checked, so a half-typed value is never rounded away. */
export type ThresholdDraft = Record<NumberField, string> & { autoResume: boolean };

export interface FieldSpec {
  field: NumberField;
  label: string;
  unit: '%' | 'points' | 's';
  hint: string;
}

/** In the order the controller goes through them, with the labels the core's messages use (schema.ts). */
export const thresholdFields: readonly FieldSpec[] = [
  { field: 'slowAtPercent', label: 'Slow down at', unit: '%', hint: 'Non-critical calls are paced from here.' },
  { field: 'sleepAtPercent', label: 'Sleep at', unit: '%', hint: 'Non-critical calls stop from here.' },
  { field: 'resumeBelowPercent', label: 'Resume below', unit: '%', hint: 'A sleeping connection wakes below this.' },
  {
    field: 'criticalStopAtPercent',
    label: 'Critical stop at',
    unit: '%',
    hint: 'Even critical calls wait from here.',
  },
  { field: 'hysteresisPercent', label: 'Hysteresis', unit: 'points', hint: 'Slowed ends this far below Slow down at.' },
  { field: 'wakeGraceSeconds', label: 'Wake Up grace period', unit: 's', hint: 'How long a Wake Up may stay high.' },
];

export function draftOf(settings: ThrottleSettings): ThresholdDraft {
  return {
    slowAtPercent: String(settings.slowAtPercent),
    sleepAtPercent: String(settings.sleepAtPercent),
    resumeBelowPercent: String(settings.resumeBelowPercent),
    criticalStopAtPercent: String(settings.criticalStopAtPercent),
    hysteresisPercent: String(settings.hysteresisPercent),
    wakeGraceSeconds: String(settings.wakeGraceSeconds),
    autoResume: settings.autoResume,
  };
}

/**
 * The draft as the request Headroom checks. A field that is not a number is sent as typed, so the one validator
 * there (the settings schema) refuses it in its own words; an empty field is sent as missing.
 */
export function settingsOf(draft: ThresholdDraft): ThrottleSettings {
  const value = (field: NumberField) => {
    const text = draft[field].trim().replace(',', '.');
    if (text === '') return undefined;
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  };
  return {
    slowAtPercent: value('slowAtPercent'),
    sleepAtPercent: value('sleepAtPercent'),
    resumeBelowPercent: value('resumeBelowPercent'),
    criticalStopAtPercent: value('criticalStopAtPercent'),
    hysteresisPercent: value('hysteresisPercent'),
    wakeGraceSeconds: value('wakeGraceSeconds'),
    autoResume: draft.autoResume,
  } as ThrottleSettings;
}

export const thresholdFormFields: readonly (keyof ThrottleSettings)[] = [
  ...thresholdFields.map((spec) => spec.field),
  'autoResume',
];

/** Whether Save would change nothing: "80" and "80.0" are the same setting. */
export function isUnchanged(draft: ThresholdDraft, saved: ThrottleSettings): boolean {
  const typed = settingsOf(draft);
  return thresholdFormFields.every((field) => typed[field] === saved[field]);
}
