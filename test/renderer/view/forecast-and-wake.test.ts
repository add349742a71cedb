import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../electron/contract';
import { formatsFor } from '../../../renderer/src/view/format';
import { forecastLine } from '../../../renderer/src/view/forecast-view';
import { nextAfterWake, wakeCard } from '../../../renderer/src/view/wake-view';
import { scenario } from '../../e2e/scenarios';

const now = Date.UTC(2026, 11, 4, 14, 0);
const formats = formatsFor('en-GB', 'UTC');

describe('the forecast', () => {
  it('says when the cap is reached at this rate, and when sleep starts before it', () => {
    const snapshot = scenario('slowed', now).snapshot;
    const line = forecastLine(snapshot, formats, now);
    expect(line.warning).toBe(true);
    const sleepAt = formats.clockTime(snapshot.forecast.sleepAtReachedAt ?? 0);
    const capAt = formats.clockTime(snapshot.forecast.capReachedAt ?? 0);
    expect(line.text).toMatch(
      new RegExp(
        `^At \\d+ calls a minute, sleep starts at ${sleepAt} and the cap is reached at ${capAt} \\(in \\d+ min\\)\\.$`,
      ),
    );
  });

  it('says how soon, not a clock time, when the cap is under two minutes away', () => {
    const line = forecastLine(scenario('demo', now).snapshot, formats, now);
    expect(line.text).toMatch(/sleep starts in \d+ s and the cap is reached in \d+ s\.$/);
  });

  it('says the cap is not in sight when it is not', () => {
    const line = forecastLine(scenario('normal', now).snapshot, formats, now);
    expect(line).toEqual({ warning: false, text: expect.stringMatching(/cap is not in sight\.$/) });
  });

  it('makes no forecast without a reading', () => {
    expect(forecastLine(scenario('offline', now).snapshot, formats, now).text).toMatch(/^No forecast/);
  });
});

describe('the Wake Up card', () => {
  it('appears asleep with the button and the caution that it may go back to sleep', () => {
    const snapshot = scenario('asleep', now).snapshot;
    expect(wakeCard(snapshot, undefined, formats, now)).toEqual({
      kind: 'asleep',
      title: 'Wake Up the connection',
      canWake: true,
      caution: snapshot.wake.rule,
    });
    expect(snapshot.wake.rule).toMatch(/back to sleep/);
  });

  it('past the critical stop says why it cannot wake, without the caution', () => {
    const card = wakeCard(scenario('critical-stop', now).snapshot, undefined, formats, now);
    expect(card).toMatchObject({ kind: 'asleep', canWake: false, text: expect.stringMatching(/^Not while usage/) });
    expect(card?.caution).toBeUndefined();
  });

  it('is not shown while nothing sleeps or was woken', () => {
    expect(wakeCard(scenario('normal', now).snapshot, undefined, formats, now)).toBeUndefined();
    expect(wakeCard(scenario('slowed', now).snapshot, undefined, formats, now)).toBeUndefined();
  });

  it('while woken says until when it may go back to sleep', () => {
    const snapshot = scenario('woken', now).snapshot;
    const card = wakeCard(snapshot, 'woken', formats, now);
    expect(card).toMatchObject({
      kind: 'woken',
      canWake: false,
      title: `Back to sleep at ${formats.clockTimeWithSeconds(snapshot.wake.graceEndsAt ?? 0)} if still high (in 90 s)`,
    });
    expect(card?.text).toMatch(/still at or above 90% then/);
  });

  it('once the grace period is over and it stayed awake, says so', () => {
    const snapshot = scenario('woken', now).snapshot;
    const later = (snapshot.wake.graceEndsAt ?? now) + 1_000;
    expect(wakeCard(snapshot, 'woken', formats, later)).toMatchObject({ kind: 'woken', title: 'Stayed awake' });
  });

  it('once put back to sleep keeps the outcome and its reason visible through the next readings', () => {
    const woken = scenario('woken', now).snapshot;
    const slept = scenario('back-to-sleep', now).snapshot;
    const nextReading = scenario('asleep', now + 5_000).snapshot;
    const afterWake = [woken, slept, nextReading].reduce(nextAfterWake, undefined);
    const card = wakeCard(nextReading, afterWake, formats, now + 5_000);
    expect(card).toMatchObject({
      kind: 'back-to-sleep',
      title: `Put back to sleep at ${formats.clockTime(slept.state.since)}`,
    });
    expect(card?.text).toMatch(/^Back to sleep after Wake Up: .*still at or above 90%/);
  });

  it('forgets a Wake Up once the connection leaves sleep on its own', () => {
    const resumed: Snapshot = scenario('normal', now).snapshot;
    const slept = nextAfterWake('woken', scenario('back-to-sleep', now).snapshot);
    expect(slept).toMatchObject({ reason: { kind: 'wake-expired-grace' } });
    expect(nextAfterWake(slept, resumed)).toBeUndefined();
    expect(nextAfterWake(undefined, scenario('asleep', now).snapshot)).toBeUndefined();
  });
});
