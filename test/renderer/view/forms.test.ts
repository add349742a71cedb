import { describe, expect, it } from 'vitest';
import { defaultThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { applySettingsChange } from '../../../electron/core/settings/validate';
import { defaultSettings } from '../../../electron/core/settings/settings';
import { connectionTestOutcome, secretKeepingNote } from '../../../renderer/src/view/connection-form';
import { formatsFor } from '../../../renderer/src/view/format';
import { minutesUntilTomorrowMorning } from '../../../renderer/src/view/pause';
import { problemsByField } from '../../../renderer/src/view/problems';
import { draftOf, isUnchanged, settingsOf, thresholdFormFields } from '../../../renderer/src/view/threshold-form';

const formats = formatsFor('en-US', 'UTC');

describe('the thresholds form', () => {
  it('round-trips the saved settings and sees "80.0" as unchanged from 80', () => {
    const draft = draftOf(defaultThrottleSettings);
    expect(settingsOf(draft)).toEqual(defaultThrottleSettings);
    expect(isUnchanged({ ...draft, slowAtPercent: '75.0' }, defaultThrottleSettings)).toBe(true);
    expect(isUnchanged({ ...draft, slowAtPercent: '76' }, defaultThrottleSettings)).toBe(false);
  });

  it('sends what is not a number as typed, so Headroom refuses it in its own words beside the field', () => {
    const draft = { ...draftOf(defaultThrottleSettings), slowAtPercent: 'lots', sleepAtPercent: '' };
    const checked = applySettingsChange(defaultSettings, { throttle: settingsOf(draft) });
    expect(checked.ok).toBe(false);
    const { byField, general } = problemsByField(checked.ok ? [] : checked.problems, 'throttle', thresholdFormFields);
    expect(byField.slowAtPercent).toBe('Slow down at must be a percentage from 1 to 100.');
    expect(byField.sleepAtPercent).toBe('Sleep at is missing: it must be a percentage from 1 to 100.');
    expect(general).toEqual([]);
  });

  it('accepts a decimal comma', () => {
    expect(settingsOf({ ...draftOf(defaultThrottleSettings), slowAtPercent: '74,5' }).slowAtPercent).toBe(74.5);
  });

  it('puts a problem naming no field of the form above it', () => {
    const sorted = problemsByField([{ field: '', message: 'Whole document wrong.' }], 'throttle', thresholdFormFields);
    expect(sorted).toEqual({ byField: {}, general: ['Whole document wrong.'] });
  });
});

describe('the connection form', () => {
  it('says a failed test in words under a short title, and a working one with the tenant’s limit', () => {
    expect(
      connectionTestOutcome({ ok: false, kind: 'bad-credentials', message: 'Autotask refused the secret.' }, formats),
    ).toEqual({ ok: false, title: 'Wrong secret', text: 'Autotask refused the secret.' });
    expect(connectionTestOutcome({ ok: true, used: 3150, limit: 10_000, timeframeMinutes: 60 }, formats).text).toBe(
      'The tenant has used 3,150 of its 10,000 calls in the last 60 min.',
    );
  });

  it('asks before a secret is stored unencrypted, and says when it lives in memory only', () => {
    expect(secretKeepingNote('plain-text', false)).toMatchObject({
      needsConsent: true,
      text: expect.stringMatching(/secret would be stored on disk unencrypted/),
    });
    expect(secretKeepingNote('plain-text', true)?.text).toMatch(/secret is stored on disk unencrypted/);
    expect(secretKeepingNote('keychain', true)?.needsConsent).toBe(false);
    expect(secretKeepingNote('memory', true)?.text).toMatch(/entered again/);
    expect(secretKeepingNote('none', false)).toBeUndefined();
  });
});

describe('pausing notifications until tomorrow', () => {
  it('ends at the next 08:00 of the user’s clock', () => {
    expect(minutesUntilTomorrowMorning(new Date(2026, 11, 4, 17, 30))).toBe(14 * 60 + 30);
    expect(minutesUntilTomorrowMorning(new Date(2026, 11, 5, 2, 0))).toBe(6 * 60);
    expect(minutesUntilTomorrowMorning(new Date(2026, 11, 4, 8, 0))).toBe(24 * 60);
  });
});
