import { describe, expect, it } from 'vitest';
import { defaultThrottleSettings, type ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import {
  decide,
  type Decision,
  type DecisionInput,
  type PendingRejection,
  type SleepOrigin,
} from '../../../electron/core/throttle/decide';
import type { ReasonUsage, ThrottleReason } from '../../../electron/core/throttle/reason';
import type { ThrottleMode } from '../../../electron/core/throttle/state';
import type { KnownEstimate, ReadingInfo, UsageEstimate } from '../../../electron/core/usage/estimate';
import { START } from './fixture';
import { knownEstimate, type EstimateOptions } from './known-estimate';

const SECOND = 1_000;
const MINUTE = 60_000;
/** Every row is decided at 09:00 UTC. */
const NOW = START;

/** A usage estimate of `used` at 09:00, from a reading 5 s before unless given. */
const usage = (used: number, options: Omit<EstimateOptions, 'at'> = {}): KnownEstimate =>
  knownEstimate(used, { reading: { kind: 'sample', at: NOW - 5 * SECOND }, ...options, at: NOW });

/** The same tenant at 300 calls per 1-minute window. */
const small = (used: number, reading?: ReadingInfo): KnownEstimate =>
  usage(used, { limit: 300, timeframeMinutes: 1, ...(reading ? { reading } : {}) });

/** The figures a reason quotes, for the two tenants. */
const figures = (used: number): ReasonUsage => ({ used, limit: 10_000, timeframeMinutes: 60 });
const smallFigures = (used: number): ReasonUsage => ({ used, limit: 300, timeframeMinutes: 1 });

const unknown = (why: string, reading?: ReadingInfo): UsageEstimate => ({
  known: false,
  at: NOW,
  why,
  ...(reading ? { reading } : {}),
});

/** A 429 (or thread-limit answer) 30 s ago, with Retry-After 30 s from now. */
const rejectedAt = NOW - 30 * SECOND;
const rateLimited: PendingRejection = { kind: 'rate-limited', at: rejectedAt, retryAt: NOW + 30 * SECOND };
const threadLimited: PendingRejection = { kind: 'thread-limit', at: rejectedAt, retryAt: NOW + 30 * SECOND };
/** Retry-After already over. */
const rateLimitedPast: PendingRejection = { ...rateLimited, retryAt: NOW - SECOND };
const threadLimitedPast: PendingRejection = { ...threadLimited, retryAt: NOW - SECOND };

const sampleBefore: ReadingInfo = { kind: 'sample', at: rejectedAt - SECOND };
const sampleAtRejection: ReadingInfo = { kind: 'sample', at: rejectedAt };
const sampleAfter: ReadingInfo = { kind: 'sample', at: rejectedAt + SECOND };
const theRejectionItself: ReadingInfo = { kind: 'rejection', at: rejectedAt };
const laterRejection: ReadingInfo = { kind: 'rejection', at: rejectedAt + 10 * SECOND };

const asleepFromRejection = { mode: 'asleep', sleepOrigin: 'upstream-rejection' } as const;
const asleepFromUsage = { mode: 'asleep', sleepOrigin: 'usage' } as const;
const woken = { mode: 'slowed', wokenByUser: true } as const;
const noAutoResume: ThrottleSettings = { ...defaultThrottleSettings, autoResume: false };

type Expected = Pick<Decision, 'mode' | 'wokenByUser' | 'criticalStopped' | 'sleepOrigin' | 'cause'>;

/** Awake (normal or slowed), not woken by hand, no critical stop, cause 'usage' unless overridden. */
const awake = (mode: Exclude<ThrottleMode, 'asleep'>, extra: Partial<Expected> = {}): Expected => ({
  mode,
  wokenByUser: false,
  criticalStopped: false,
  sleepOrigin: undefined,
  cause: 'usage',
  ...extra,
});

const asleep = (sleepOrigin: SleepOrigin, extra: Partial<Expected> = {}): Expected => ({
  mode: 'asleep',
  wokenByUser: false,
  criticalStopped: false,
  sleepOrigin,
  cause: 'usage',
  ...extra,
});

interface Row {
  name: string;
  input: Partial<DecisionInput>;
  expected: Expected;
  /** Why, as data (the words are reason-words.ts's, tested there). */
  reason: ThrottleReason;
}

function decideWith(overrides: Partial<DecisionInput>): Decision {
  return decide({
    mode: 'normal',
    wokenByUser: false,
    criticalStopped: false,
    sleepOrigin: undefined,
    rejection: undefined,
    graceEndsAt: undefined,
    usage: usage(5_000),
    settings: defaultThrottleSettings,
    now: NOW,
    trigger: 'usage',
    ...overrides,
  });
}

function check(rows: Row[]): void {
  it.each(rows)('$name', ({ input, expected, reason }) => {
    const decision = decideWith(input);
    const { mode, wokenByUser, criticalStopped, sleepOrigin, cause } = decision;
    expect({ mode, wokenByUser, criticalStopped, sleepOrigin, cause }).toEqual(expected);
    expect(decision.reason).toEqual(reason);
  });
}

describe('decide', () => {
  describe('normal and slowed, with hysteresis at slowAt', () => {
    check([
      {
        name: 'normal just below slowAt, usage in words',
        input: { usage: usage(7_499) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(7_499) },
      },
      {
        name: 'slowed at slowAt',
        input: { usage: usage(7_500) },
        expected: awake('slowed'),
        reason: { kind: 'slowed', usage: figures(7_500), slowAtPercent: 75 },
      },
      {
        name: 'slowed stays slowed inside the hysteresis band',
        input: { mode: 'slowed', usage: usage(7_200) },
        expected: awake('slowed'),
        reason: { kind: 'slowed-until-below', usage: figures(7_200), normalBelowPercent: 72 },
      },
      {
        name: 'slowed returns to normal below slowAt minus the band',
        input: { mode: 'slowed', usage: usage(7_199) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(7_199) },
      },
      {
        name: 'normal does not slow inside the band (the band only holds a slowed connection)',
        input: { usage: usage(7_300) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(7_300) },
      },
      {
        name: 'a wider band set by the user holds longer',
        input: { mode: 'slowed', usage: usage(6_600), settings: { ...defaultThrottleSettings, hysteresisPercent: 10 } },
        expected: awake('slowed'),
        reason: { kind: 'slowed-until-below', usage: figures(6_600), normalBelowPercent: 65 },
      },
      {
        name: 'the cause is the trigger that asked',
        input: { usage: usage(8_000), trigger: 'settings' },
        expected: awake('slowed', { cause: 'settings' }),
        reason: { kind: 'slowed', usage: figures(8_000), slowAtPercent: 75 },
      },
      {
        name: '300 / 1 min: normal just below slowAt',
        input: { usage: small(224) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: smallFigures(224) },
      },
      {
        name: '300 / 1 min: slowed at slowAt',
        input: { usage: small(225) },
        expected: awake('slowed'),
        reason: { kind: 'slowed', usage: smallFigures(225), slowAtPercent: 75 },
      },
      {
        name: '300 / 1 min: slowed holds at slowAt minus the band (216)',
        input: { mode: 'slowed', usage: small(216) },
        expected: awake('slowed'),
        reason: { kind: 'slowed-until-below', usage: smallFigures(216), normalBelowPercent: 72 },
      },
      {
        name: '300 / 1 min: slowed returns to normal below it',
        input: { mode: 'slowed', usage: small(215) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: smallFigures(215) },
      },
    ]);
  });

  describe('asleep at sleepAt, critical stop, auto-resume below resumeBelow', () => {
    check([
      {
        name: 'slowed just below sleepAt',
        input: { mode: 'slowed', usage: usage(8_999) },
        expected: awake('slowed'),
        reason: { kind: 'slowed', usage: figures(8_999), slowAtPercent: 75 },
      },
      {
        name: 'asleep at sleepAt, saying until when',
        input: { mode: 'slowed', usage: usage(9_000) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_000), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'straight from normal to asleep on a jump',
        input: { usage: usage(9_400) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_400), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'asleep with autoResume off says it waits for Wake Up',
        input: { usage: usage(9_100), settings: noAutoResume },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_100), sleepAtPercent: 90 },
      },
      {
        name: 'critical stop at criticalStopAt: every call waits',
        input: { usage: usage(9_800) },
        expected: asleep('usage', { criticalStopped: true }),
        reason: { kind: 'critical-stop', usage: figures(9_800), criticalStopAtPercent: 98 },
      },
      {
        name: 'no critical stop on a guess of the others: only what the readings vouch for stops critical calls',
        input: { mode: 'slowed', usage: usage(9_850, { usedAtLeast: 9_700 }) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_850), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'critical stop once the readings vouch for criticalStopAt',
        input: { ...asleepFromUsage, usage: usage(9_900, { usedAtLeast: 9_800 }) },
        expected: asleep('usage', { criticalStopped: true }),
        reason: { kind: 'critical-stop', usage: figures(9_900), criticalStopAtPercent: 98 },
      },
      {
        name: 'no critical stop just below criticalStopAt',
        input: { ...asleepFromUsage, usage: usage(9_799) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_799), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'once stopped, the critical stop is shown until 1% of the limit below it, not flickering at the line',
        input: { ...asleepFromUsage, criticalStopped: true, usage: usage(9_701) },
        expected: asleep('usage', { criticalStopped: true }),
        reason: { kind: 'critical-stop', usage: figures(9_701), criticalStopAtPercent: 98 },
      },
      {
        name: 'the critical stop ends 1% of the limit below it',
        input: { ...asleepFromUsage, criticalStopped: true, usage: usage(9_699) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_699), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'asleep stays asleep between resumeBelow and sleepAt',
        input: { ...asleepFromUsage, usage: usage(8_500) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(8_500), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'asleep stays asleep at resumeBelow itself',
        input: { ...asleepFromUsage, usage: usage(7_000) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(7_000), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'auto-resume below resumeBelow, into normal',
        input: { ...asleepFromUsage, usage: usage(6_999) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(6_999) },
      },
      {
        name: 'no auto-resume with autoResume off, however low',
        input: { ...asleepFromUsage, usage: usage(1_000), settings: noAutoResume },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(1_000), sleepAtPercent: 90 },
      },
      {
        name: 'resumeBelow set above slowAt resumes into slowed',
        input: {
          ...asleepFromUsage,
          usage: usage(7_900),
          settings: { ...defaultThrottleSettings, resumeBelowPercent: 80 },
        },
        expected: awake('slowed'),
        reason: { kind: 'slowed', usage: figures(7_900), slowAtPercent: 75 },
      },
      {
        name: '300 / 1 min: asleep at 270',
        input: { mode: 'slowed', usage: small(270) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: smallFigures(270), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: '300 / 1 min: critical stop at 294',
        input: { mode: 'slowed', usage: small(294) },
        expected: asleep('usage', { criticalStopped: true }),
        reason: { kind: 'critical-stop', usage: smallFigures(294), criticalStopAtPercent: 98 },
      },
      {
        name: '300 / 1 min: stays asleep at 210',
        input: { ...asleepFromUsage, usage: small(210) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: smallFigures(210), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: '300 / 1 min: resumes at 209',
        input: { ...asleepFromUsage, usage: small(209) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: smallFigures(209) },
      },
    ]);
  });

  describe('a sleep caused by a rejection holds until a reading taken after it', () => {
    check([
      {
        name: 'a 429 with a reading from before it: asleep, every call waits, retrying after Retry-After',
        input: { ...asleepFromRejection, rejection: rateLimited, usage: usage(5_000, { reading: sampleBefore }) },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'a 429 whose only reading is the 429 itself',
        input: {
          ...asleepFromRejection,
          rejection: rateLimited,
          usage: usage(10_000, { reading: theRejectionItself }),
        },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'a later 429 is no fresh reading either',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(9_900, { reading: laterRejection }) },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected-awaiting-reading', rejection: 'rate-limited' },
      },
      {
        name: 'a reading counted in the same millisecond as the 429 is not after it',
        input: { ...asleepFromRejection, rejection: rateLimited, usage: usage(5_000, { reading: sampleAtRejection }) },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'Retry-After over, still no fresh reading: waiting for one',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(5_000, { reading: sampleBefore }) },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected-awaiting-reading', rejection: 'rate-limited' },
      },
      {
        name: 'Retry-After is over at retryAt itself',
        input: {
          ...asleepFromRejection,
          rejection: { ...rateLimited, retryAt: NOW },
          usage: usage(5_000, { reading: sampleBefore }),
        },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected-awaiting-reading', rejection: 'rate-limited' },
      },
      {
        name: 'usage unknown during the 429: still the 429 that is said',
        input: { ...asleepFromRejection, rejection: rateLimited, usage: unknown('no reading yet') },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'a thread-limit answer: asleep, but critical calls still go',
        input: { ...asleepFromRejection, rejection: threadLimited, usage: usage(5_000, { reading: sampleBefore }) },
        expected: asleep('upstream-rejection'),
        reason: { kind: 'rejected', rejection: 'thread-limit', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'a thread-limit answer past Retry-After waits for a fresh reading',
        input: { ...asleepFromRejection, rejection: threadLimitedPast, usage: usage(5_000, { reading: sampleBefore }) },
        expected: asleep('upstream-rejection'),
        reason: { kind: 'rejected-awaiting-reading', rejection: 'thread-limit' },
      },
      {
        name: 'a fresh reading low: resumes into normal',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(5_000, { reading: sampleAfter }) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(5_000) },
      },
      {
        name: 'a fresh reading before Retry-After ends the sleep too',
        input: { ...asleepFromRejection, rejection: rateLimited, usage: usage(5_000, { reading: sampleAfter }) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(5_000) },
      },
      {
        name: 'a fresh reading above slowAt: resumes into slowed',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(8_000, { reading: sampleAfter }) },
        expected: awake('slowed'),
        reason: { kind: 'slowed', usage: figures(8_000), slowAtPercent: 75 },
      },
      {
        name: 'a fresh reading at sleepAt: asleep on usage now',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(9_300, { reading: sampleAfter }) },
        expected: asleep('usage'),
        reason: { kind: 'asleep', usage: figures(9_300), sleepAtPercent: 90, resumeBelowPercent: 70 },
      },
      {
        name: 'a fresh reading at the critical stop: critical stop on usage',
        input: { ...asleepFromRejection, rejection: rateLimitedPast, usage: usage(9_850, { reading: sampleAfter }) },
        expected: asleep('usage', { criticalStopped: true }),
        reason: { kind: 'critical-stop', usage: figures(9_850), criticalStopAtPercent: 98 },
      },
      {
        name: 'a fresh reading after a thread-limit answer resumes too',
        input: { ...asleepFromRejection, rejection: threadLimitedPast, usage: usage(6_000, { reading: sampleAfter }) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(6_000) },
      },
      {
        name: 'a fresh reading too old to steer by: unknown, still asleep, in words',
        input: {
          ...asleepFromRejection,
          rejection: rateLimitedPast,
          usage: unknown('the last reading is 61 min old, older than the 60-min window', sampleAfter),
        },
        expected: asleep('upstream-rejection'),
        reason: { kind: 'unknown', why: 'the last reading is 61 min old, older than the 60-min window' },
      },
      {
        name: '300 / 1 min: a 429 before its reading holds, retrying after Retry-After',
        input: {
          ...asleepFromRejection,
          rejection: { kind: 'rate-limited', at: NOW - 5 * SECOND, retryAt: NOW + 10 * SECOND },
          usage: small(150, { kind: 'sample', at: NOW - 6 * SECOND }),
        },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 10 * SECOND },
      },
      {
        name: '300 / 1 min: a reading after it resumes',
        input: {
          ...asleepFromRejection,
          rejection: { kind: 'rate-limited', at: NOW - 5 * SECOND, retryAt: NOW - SECOND },
          usage: small(150, { kind: 'sample', at: NOW - 4 * SECOND }),
        },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: smallFigures(150) },
      },
    ]);
  });

  describe('a rejection with autoResume off: asleep until Wake Up', () => {
    check([
      {
        name: 'before a fresh reading: still the 429 and its Retry-After',
        input: {
          ...asleepFromRejection,
          rejection: rateLimited,
          usage: usage(5_000, { reading: sampleBefore }),
          settings: noAutoResume,
        },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected', rejection: 'rate-limited', retryAt: NOW + 30 * SECOND },
      },
      {
        name: 'after a fresh reading: waiting for Wake Up, critical calls go again',
        input: {
          ...asleepFromRejection,
          rejection: rateLimitedPast,
          usage: usage(5_000, { reading: sampleAfter }),
          settings: noAutoResume,
        },
        expected: asleep('upstream-rejection'),
        reason: { kind: 'rejected-awaiting-wake', rejection: 'rate-limited' },
      },
      {
        name: 'after a fresh reading at the critical stop: every call waits',
        input: {
          ...asleepFromRejection,
          rejection: rateLimitedPast,
          usage: usage(9_850, { reading: sampleAfter }),
          settings: noAutoResume,
        },
        expected: asleep('upstream-rejection', { criticalStopped: true }),
        reason: { kind: 'rejected-awaiting-wake', rejection: 'rate-limited' },
      },
      {
        name: 'a thread-limit answer after a fresh reading: waiting for Wake Up',
        input: {
          ...asleepFromRejection,
          rejection: threadLimitedPast,
          usage: usage(5_000, { reading: sampleAfter }),
          settings: noAutoResume,
        },
        expected: asleep('upstream-rejection'),
        reason: { kind: 'rejected-awaiting-wake', rejection: 'thread-limit' },
      },
    ]);
  });

  describe('Wake Up and its grace period', () => {
    const graceEndsAt = NOW + MINUTE;
    check([
      {
        name: 'woken, within the grace period: says when it will look again',
        input: { ...woken, graceEndsAt, usage: usage(9_300) },
        expected: awake('slowed', { wokenByUser: true }),
        reason: { kind: 'woken', usage: figures(9_300), sleepAtPercent: 90, graceEndsAt: NOW + MINUTE },
      },
      {
        name: 'woken, within the grace period, just below the critical stop',
        input: { ...woken, graceEndsAt, usage: usage(9_799) },
        expected: awake('slowed', { wokenByUser: true }),
        reason: { kind: 'woken', usage: figures(9_799), sleepAtPercent: 90, graceEndsAt: NOW + MINUTE },
      },
      {
        name: 'woken, within the grace period: a guessed 98% the readings do not vouch for keeps it woken',
        input: { ...woken, graceEndsAt, usage: usage(9_820, { usedAtLeast: 9_600 }) },
        expected: awake('slowed', { wokenByUser: true }),
        reason: { kind: 'woken', usage: figures(9_820), sleepAtPercent: 90, graceEndsAt: NOW + MINUTE },
      },
      {
        name: 'woken past the grace period, below sleepAt: stays woken',
        input: { ...woken, graceEndsAt: NOW - SECOND, usage: usage(8_800) },
        expected: awake('slowed', { wokenByUser: true }),
        reason: { kind: 'woken-past-grace', usage: figures(8_800) },
      },
      {
        name: 'woken, below slowAt but not yet below resumeBelow: normal, still woken',
        input: { ...woken, mode: 'normal', graceEndsAt, usage: usage(7_100) },
        expected: awake('normal', { wokenByUser: true }),
        reason: { kind: 'woken', usage: figures(7_100), sleepAtPercent: 90, graceEndsAt: NOW + MINUTE },
      },
      {
        name: 'grace over at or above sleepAt: back to sleep, saying why',
        input: { ...woken, graceEndsAt: NOW, usage: usage(9_000) },
        expected: asleep('usage', { cause: 'wake-expired' }),
        reason: { kind: 'wake-expired-grace', usage: figures(9_000), sleepAtPercent: 90, graceSeconds: 120 },
      },
      {
        name: 'at the critical stop: back to sleep at once, grace or not',
        input: { ...woken, graceEndsAt, usage: usage(9_800) },
        expected: asleep('usage', { cause: 'wake-expired', criticalStopped: true }),
        reason: { kind: 'wake-expired-critical', usage: figures(9_800), criticalStopAtPercent: 98 },
      },
      {
        name: 'below resumeBelow: the override ends',
        input: { ...woken, graceEndsAt, usage: usage(6_999) },
        expected: awake('normal'),
        reason: { kind: 'normal', usage: figures(6_999) },
      },
      {
        name: 'a short grace period is told in seconds',
        input: {
          ...woken,
          graceEndsAt: NOW,
          usage: usage(9_500),
          settings: { ...defaultThrottleSettings, wakeGraceSeconds: 90 },
        },
        expected: asleep('usage', { cause: 'wake-expired' }),
        reason: { kind: 'wake-expired-grace', usage: figures(9_500), sleepAtPercent: 90, graceSeconds: 90 },
      },
      {
        name: '300 / 1 min: woken at 280, grace over: back to sleep',
        input: { ...woken, graceEndsAt: NOW, usage: small(280) },
        expected: asleep('usage', { cause: 'wake-expired' }),
        reason: { kind: 'wake-expired-grace', usage: smallFigures(280), sleepAtPercent: 90, graceSeconds: 120 },
      },
      {
        name: '300 / 1 min: woken, critical stop at 294',
        input: { ...woken, graceEndsAt, usage: small(294) },
        expected: asleep('usage', { cause: 'wake-expired', criticalStopped: true }),
        reason: { kind: 'wake-expired-critical', usage: smallFigures(294), criticalStopAtPercent: 98 },
      },
    ]);
  });

  describe('unknown usage keeps the mode and says why', () => {
    const why = 'the last reading is 61 min old, older than the 60-min window';
    check([
      {
        name: 'normal stays normal',
        input: { usage: unknown(why) },
        expected: awake('normal'),
        reason: { kind: 'unknown', why },
      },
      {
        name: 'slowed stays slowed',
        input: { mode: 'slowed', usage: unknown(why) },
        expected: awake('slowed'),
        reason: { kind: 'unknown', why },
      },
      {
        name: 'asleep stays asleep, without a critical stop it cannot know of',
        input: { ...asleepFromUsage, usage: unknown(why) },
        expected: asleep('usage'),
        reason: { kind: 'unknown', why },
      },
      {
        name: 'woken stays woken',
        input: { ...woken, graceEndsAt: NOW - SECOND, usage: unknown(why) },
        expected: awake('slowed', { wokenByUser: true }),
        reason: { kind: 'unknown', why },
      },
      {
        name: 'before the first reading',
        input: { usage: unknown('waiting for the first reading of the tenant’s counter'), trigger: 'settings' },
        expected: awake('normal', { cause: 'settings' }),
        reason: { kind: 'unknown', why: 'waiting for the first reading of the tenant’s counter' },
      },
    ]);
  });
});
