/**
 * The tenant's usage between readings. Autotask's counter is read every so often (a UsageSample), and a 429 for
 * the hourly limit is a reading too: "at least the limit, now". In between, the estimate is the last reading,
 * plus our own calls since it, minus ours that have left the rolling window since it, plus the other
 * integrations' arrivals since it at their expected rate, minus theirs that have left (others-arrivals.ts). After
 * a 429 nothing of theirs is projected to arrive: the count falls only by known departures until a reading says
 * otherwise.
 *
 * The gate budgets on a worst case: the best guess plus the others' latest unconfirmed surge, kept up until the
 * next reading is due, plus their counting noise since the reading.
 *
 * Unknown usage is never zero: with no reading, or with one older than the whole window (every call it counted
 * has left the window since), the estimate says so instead of guessing.
 */
import { AUTOTASK_WINDOW_MS } from './autotask-window';
import { NOISE_DEVIATIONS } from './noise';
import { OthersArrivals } from './others-arrivals';
import { OwnCallLog } from './own-call-log';
import type { UsageFigures, UsageSample } from './sample';

const MINUTE = 60_000;
/** The span the net rates are given over, as a share of the window (5 of Autotask's 60 min). */
const RATE_SPAN_SHARE = 1 / 12;

/** What the estimate rests on: a reading of the counter, or a 429 that said it was at the limit. */
export interface ReadingInfo {
  kind: 'sample' | 'rejection';
  /** When it was counted. */
  at: number;
}

export interface KnownEstimate extends UsageFigures {
  known: true;
  /** Clock time the estimate is for. */
  at: number;
  /** Best guess of the tenant's count in the window now. */
  used: number;
  /**
   * The count the readings vouch for: the last reading, our calls since, less what has left the window since,
   * with nothing guessed of the others' arrivals. Critical calls are held only when this is at the critical stop.
   */
  usedAtLeast: number;
  /** The count if the others kept up their latest surge until the next reading: what the gate budgets on. */
  worstCase: number;
  reading: ReadingInfo;
  readingAgeMs: number;
  /** The average spacing of the latest readings: how long a surge may go on before the next one shows it. */
  readingSpacingMs: number;
  /** Our calls since the reading. */
  ownSinceReading: number;
  /** The others' calls in the window now (best guess): what is not ours. */
  othersInWindow: number;
  /** The others' expected arrivals, per minute. */
  othersPerMinute: number;
  /** The others' arrivals less their departures over the next few minutes, per minute. */
  othersNetPerMinute: number;
  /** How far their latest interval ran above their rate beyond noise, per minute (unconfirmed). */
  othersSurgePerMinute: number;
  /** The most they sent in one interval between readings beyond their rate, over the last two windows. */
  othersLargestBurst: number;
  /** Our own net rate (calls made minus calls aged out) over the last few minutes, per minute. */
  ownPerMinute: number;
}

export interface UnknownEstimate {
  known: false;
  at: number;
  /** Why usage is unknown, in words. */
  why: string;
  /** The last reading, however old, for display. */
  reading?: ReadingInfo;
}

export type UsageEstimate = KnownEstimate | UnknownEstimate;

/**
 * A reading and how many of our calls it holds: those made by the time it was counted and reported before it
 * arrived. A call reported after the reading arrived is taken as not in it even if it bears the very same
 * millisecond (the gate releases calls the moment a sample comes in): counting one of ours twice errs on the safe
 * side, missing one does not.
 */
interface Reading extends UsageFigures, ReadingInfo {
  ownIncluded: number;
}

/** When the counter was read: when it was asked for, if known (see UsageSample.requestedAt). */
function countedAt(sample: UsageSample): number {
  return Math.min(sample.takenAt, sample.requestedAt ?? sample.takenAt);
}

export class UsageEstimator {
  // Long enough for two windows of the longest timeframe Autotask reports (60 min), whatever a reading says later.
  private readonly own = new OwnCallLog(2 * AUTOTASK_WINDOW_MS);
  private reading: Reading | undefined;
  private others: OthersArrivals | undefined;

  /** The rolling window in ms: the last reading's, or Autotask's 60 minutes before the first. */
  get windowMs(): number {
    return this.reading ? this.reading.timeframeMinutes * MINUTE : AUTOTASK_WINDOW_MS;
  }

  recordOwnCall(at: number): void {
    this.own.record(at);
  }

  /** Autotask refused one of our calls sent at `at`: it did not count it, so neither do we. */
  forgetOwnCall(at: number): void {
    const position = this.own.remove(at);
    if (position === undefined) return;
    if (this.reading && position < this.reading.ownIncluded) this.reading.ownIncluded--;
  }

  addSample(sample: UsageSample): void {
    this.addReading({ ...sample, kind: 'sample', at: countedAt(sample) });
  }

  /** Autotask answered 429 for its hourly limit at `at`: the count is at the limit (of the last reading's kind). */
  addRejection(at: number): void {
    if (this.reading) this.addReading({ ...this.reading, used: this.reading.limit, kind: 'rejection', at });
  }

  /** When the last reading will be too old to steer by and usage becomes unknown (undefined: no reading). */
  unknownFrom(): number | undefined {
    return this.reading && this.reading.at + this.windowMs;
  }

  /** Our calls that leave the window during (from, to]: capacity that frees up without anyone doing anything. */
  ownAgingOut(from: number, to: number): number {
    return this.own.countBetween(from - this.windowMs, to - this.windowMs);
  }

  /** Our calls made during (from, to]. */
  ownCallsBetween(from: number, to: number): number {
    return this.own.countBetween(from, to);
  }

  /** The next clock time after `now` at which one of our calls leaves the window, if any is in it. */
  nextOwnAgingAfter(now: number): number | undefined {
    const madeAt = this.own.firstCallAfter(now - this.windowMs);
    return madeAt === undefined ? undefined : Math.max(now + 1, madeAt + this.windowMs);
  }

  /** How much the others' count is expected to rise during (now, now + aheadMs]: arrivals less departures. */
  othersRise(now: number, aheadMs: number): number {
    if (!this.others) return 0;
    return this.others.rate * aheadMs - this.others.departuresBetween(now, now + aheadMs);
  }

  /** How much the others' count may rise during (now, now + aheadMs] if its climb goes on (0: no climb seen). */
  othersClimbRise(aheadMs: number): number {
    return this.others?.climbRise(aheadMs) ?? 0;
  }

  private addReading(next: Omit<Reading, 'ownIncluded'>): void {
    const previous = this.reading;
    if (previous && next.at <= previous.at) return;
    const windowMs = next.timeframeMinutes * MINUTE;
    if (!previous || previous.limit !== next.limit || previous.timeframeMinutes !== next.timeframeMinutes) {
      // A different limit or window: the old readings measure something else, so the others' history starts over.
      this.others = new OthersArrivals(windowMs);
    }
    const reading: Reading = { ...next, ownIncluded: this.own.countUpTo(next.at) };
    const ownInWindow = reading.ownIncluded - this.own.countUpTo(next.at - windowMs);
    // A 429 says the count was at the limit, not how the others' calls came: were it booked as their arrivals, a
    // later reading that contradicted it would leave a phantom burst to leave the window an hour on.
    if (next.kind === 'sample') this.others?.addReading(next.at, Math.max(0, next.used - ownInWindow));
    this.reading = reading;
  }

  estimateAt(now: number): UsageEstimate {
    const reading = this.reading;
    const others = this.others;
    if (!reading || !others) {
      return { known: false, at: now, why: 'waiting for the first reading of the tenant’s counter' };
    }
    const info = { kind: reading.kind, at: reading.at };
    const ageMs = Math.max(0, now - reading.at);
    const windowMs = reading.timeframeMinutes * MINUTE;
    if (ageMs >= windowMs) {
      const minutes = Math.round(ageMs / MINUTE);
      const why = `the last reading is ${minutes} min old, older than the ${reading.timeframeMinutes}-min window`;
      return { known: false, at: now, why, reading: info };
    }
    const ownSinceReading = this.own.countUpTo(now) - reading.ownIncluded;
    const ownAgedOut = this.own.countBetween(reading.at - windowMs, now - windowMs);
    const ownInWindow = this.own.countBetween(now - windowMs, now);
    const projectedPerMs = reading.kind === 'sample' ? others.rate : 0;
    const othersArrived = others.arrivalsBetween(reading.at, now, projectedPerMs);
    const othersLeft = others.departuresBetween(reading.at, now);
    const fromReading = reading.used + ownSinceReading - ownAgedOut;
    // Autotask refuses what would take the count past the limit: it never holds more.
    const used = Math.min(reading.limit, Math.max(ownInWindow, fromReading + othersArrived - othersLeft));
    const usedAtLeast = Math.min(used, Math.max(ownInWindow, fromReading - othersLeft));
    const surgeMs = Math.min(ageMs, others.readingSpacingMs);
    const noise = NOISE_DEVIATIONS * Math.sqrt(others.rate * ageMs);
    const unprojected = (others.rate - projectedPerMs) * ageMs;
    // Their calls read between two readings may have come just before the later one: until one window after it,
    // the worst case counts them as still in the window.
    const notSureToHaveLeft = others.latestDeparturesBetween(reading.at, now);
    const stillInWindow = Math.min(reading.limit, fromReading + othersArrived - notSureToHaveLeft);
    const worstCase = Math.max(used, stillInWindow) + others.surgePerMs * surgeMs + noise + unprojected;
    const spanMs = windowMs * RATE_SPAN_SHARE;
    const ownNet = this.own.countBetween(now - spanMs, now) - this.ownAgingOut(now - spanMs, now);
    return {
      known: true,
      at: now,
      used,
      usedAtLeast,
      worstCase,
      limit: reading.limit,
      timeframeMinutes: reading.timeframeMinutes,
      reading: info,
      readingAgeMs: ageMs,
      readingSpacingMs: others.readingSpacingMs,
      ownSinceReading,
      othersInWindow: Math.max(0, used - ownInWindow),
      othersPerMinute: others.rate * MINUTE,
      othersNetPerMinute: (this.othersRise(now, spanMs) / spanMs) * MINUTE,
      othersSurgePerMinute: others.surgePerMs * MINUTE,
      othersLargestBurst: others.largestBurst(now),
      ownPerMinute: (ownNet / spanMs) * MINUTE,
    };
  }
}
