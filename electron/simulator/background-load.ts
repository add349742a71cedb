import type { LoadProfile } from './options';
import type { RollingWindow } from './rolling-window';
import { seededRandom } from './seeded-random';

/** The window source under which other integrations' generated requests are booked. No integration code is empty. */
export const backgroundSource = '';

/**
 * However the profiles add up (a storm chosen on top of a full steady window, a limit lowered at run time), the
 * generated load alone never fills more than this share of the limit: pushing the tenant over is left to the
 * integrations under test.
 */
const backgroundCeiling = 0.97;

/**
 * Each profile as a rate over time, in shares of the limit per timeframe (0.65 = 65 % of the limit per
 * timeframe), at `tau` seconds after the profile was chosen (negative: the history a fresh simulator starts with),
 * for a timeframe of `timeframeSeconds`.
 * - steady and busy are flat, so the window settles at about 65 % and 85 %.
 * - spike is 60 % plus a burst of 15 % of the limit within two minutes (per hour of timeframe) every 40 minutes:
 *   the window holds one or two bursts, so it steps between about 75 % and 90 %.
 * - callout-storm idles at 35 %; five minutes after it is chosen a flood of 60 % of the limit arrives within ten
 *   minutes, ten times the usual rate, and repeats every timeframe as the first flood ages out, so the window jumps
 *   to about 95 % and stays there: sustained, just under the limit.
 */
function backgroundRate(profile: LoadProfile, tau: number, timeframeSeconds: number): number {
  const t = timeframeSeconds;
  switch (profile) {
    case 'quiet':
      return 0;
    case 'steady':
      return 0.65;
    case 'busy':
      return 0.85;
    case 'spike':
      return 0.6 + (within(tau - t / 6, (2 * t) / 3, t / 30) ? 0.15 / (1 / 30) : 0);
    case 'callout-storm': {
      const onset = t / 12;
      return 0.35 + (tau >= onset && within(tau - onset, t, t / 6) ? 0.6 / (1 / 6) : 0);
    }
  }
}

/** Whether `offset` falls in the first `length` of each period. */
function within(offset: number, period: number, length: number): boolean {
  return ((offset % period) + period) % period < length;
}

/**
 * A level the others' share of the window follows instead of a profile (set in process, as the demo tour does):
 * a straight line from `fromShare` of the limit at `from` to `toShare` `rampMs` later, then flat.
 */
interface LevelLine {
  from: number;
  fromShare: number;
  toShare: number;
  rampMs: number;
}

/** What generates the others' requests now: a profile, or a level the caller steers. */
export type BackgroundChoice = LoadProfile | 'level';

/**
 * Generates other integrations' requests lazily, one bucket per second up to now, whenever the window is read or
 * written: no timers, so a VirtualClock test can move an hour at once. The count of each second is a pure function
 * of the seed, the profile and the second (the expected rate rounded up or down at random, so the mean is exact);
 * only the ceiling depends on what is already in the window. Under a level, each second instead tops the others'
 * count up to the line: what ages out is replaced, and the count falls no faster than their calls age out.
 */
export class BackgroundLoad {
  private profile: LoadProfile;
  private level: LevelLine | undefined;
  private chosenAt: number;
  private nextSecond: number;

  /** A fresh tenant already has a timeframe of this profile's history, so the gauge starts where the load is. */
  constructor(
    private readonly seed: number,
    profile: LoadProfile,
    now: number,
    timeframeMs: number,
  ) {
    this.profile = profile;
    this.chosenAt = now;
    this.nextSecond = secondAtOrAfter(now - timeframeMs);
  }

  get current(): BackgroundChoice {
    return this.level ? 'level' : this.profile;
  }

  /** The change takes effect from now; what the old profile generated stays in the window until it ages out. */
  switchTo(profile: LoadProfile, window: RollingWindow, now: number, limit: number, timeframeMs: number): void {
    this.fill(window, now, limit, timeframeMs);
    this.profile = profile;
    this.level = undefined;
    this.chosenAt = now;
  }

  /** From now, the others' count moves in a straight line from where it stands to `share` of the limit over `rampMs`. */
  holdLevel(
    share: number,
    rampMs: number,
    window: RollingWindow,
    now: number,
    limit: number,
    timeframeMs: number,
  ): void {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`share must be from 0 to 1, got ${share}`);
    if (!(rampMs >= 0 && Number.isFinite(rampMs))) throw new RangeError(`rampMs must be 0 or more, got ${rampMs}`);
    this.fill(window, now, limit, timeframeMs);
    this.level = { from: now, fromShare: window.countOf(backgroundSource) / limit, toShare: share, rampMs };
  }

  fill(window: RollingWindow, now: number, limit: number, timeframeMs: number): void {
    // Seconds older than a timeframe would age out at once: skip them. (The ceiling then sees an emptier window
    // than a second-by-second run would have; it rarely binds, so the counts agree in practice.)
    this.nextSecond = Math.max(this.nextSecond, secondAtOrAfter(now - timeframeMs));
    const ceiling = Math.floor(limit * backgroundCeiling);
    for (; this.nextSecond <= now; this.nextSecond += 1000) {
      window.expire(this.nextSecond, timeframeMs);
      const already = window.countOf(backgroundSource);
      const wanted = this.level
        ? this.levelCountAt(this.level, this.nextSecond, limit) - already
        : this.countAt(this.nextSecond, limit, timeframeMs);
      window.record(this.nextSecond, backgroundSource, Math.min(Math.max(0, ceiling - already), wanted));
    }
  }

  private countAt(second: number, limit: number, timeframeMs: number): number {
    const timeframeSeconds = timeframeMs / 1000;
    const share = backgroundRate(this.profile, (second - this.chosenAt) / 1000, timeframeSeconds);
    const expected = (share * limit) / timeframeSeconds;
    return Math.floor(expected + this.noiseAt(second));
  }

  private levelCountAt(level: LevelLine, second: number, limit: number): number {
    const progress = level.rampMs === 0 ? 1 : Math.min(1, Math.max(0, (second - level.from) / level.rampMs));
    const share = level.fromShare + (level.toShare - level.fromShare) * progress;
    return Math.floor(share * limit + this.noiseAt(second));
  }

  private noiseAt(second: number): number {
    return seededRandom(Math.imul(this.seed, 0x9e3779b1) ^ (second / 1000))();
  }
}

function secondAtOrAfter(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}
