/**
 * The other integrations' arrivals, learnt from readings of their count in Autotask's 60-minute window, read every
 * 2 minutes. Their count starts at 6,000: 100 a minute, so 200 leave the window in each 2-minute interval while
 * they arrive at that rate.
 */
import { describe, expect, it } from 'vitest';
import { OthersArrivals } from '../../../electron/core/usage/others-arrivals';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;
const WINDOW = 60 * MINUTE;
const SPACING = 2 * MINUTE;
const perMinute = (perMs: number) => perMs * MINUTE;

/** Their count read at T0, then every 2 minutes; gives the arrivals and the time of the last reading. */
function readings(counts: number[]): { others: OthersArrivals; lastAt: number } {
  const others = new OthersArrivals(WINDOW);
  counts.forEach((count, index) => others.addReading(T0 + index * SPACING, count));
  return { others, lastAt: T0 + (counts.length - 1) * SPACING };
}

describe('OthersArrivals', () => {
  it('takes the first reading as spread evenly over the window before it', () => {
    const { others } = readings([6_000]);
    // 6,000 in 60 min: 100 a minute, so half of them came in the last half hour ...
    expect(perMinute(others.rate)).toBeCloseTo(100);
    expect(others.arrivalsBetween(T0 - 30 * MINUTE, T0)).toBeCloseTo(3_000);
    // ... and a quarter leave in the next 15 min; calls after the reading are projected at the rate.
    expect(others.departuresBetween(T0, T0 + 15 * MINUTE)).toBeCloseTo(1_500);
    expect(others.arrivalsBetween(T0, T0 + 10 * MINUTE)).toBeCloseTo(1_000);
    // Before two readings there is no spacing to measure: a thirtieth of the window.
    expect(others.readingSpacingMs).toBe(2 * MINUTE);
    expect(others.surgePerMs).toBe(0);
    expect(others.largestBurst(T0)).toBe(0);
  });

  it('counts as arrivals the counter’s move plus what left the window meanwhile', () => {
    const { others } = readings([6_000, 6_300]);
    // Up 300 while 200 left: 500 came.
    expect(others.arrivalsBetween(T0, T0 + SPACING)).toBeCloseTo(500);

    // Down 100 while 200 left: 100 came.
    expect(readings([6_000, 5_900]).others.arrivalsBetween(T0, T0 + SPACING)).toBeCloseTo(100);
    // Down 300 while only 200 were due to leave: none came (never a negative count).
    expect(readings([6_000, 5_700]).others.arrivalsBetween(T0, T0 + SPACING)).toBe(0);
  });

  it('keeps a steady rate steady, and learns the spacing of the readings', () => {
    const { others } = readings([6_000, 6_000, 6_000, 6_000, 6_000]);
    expect(perMinute(others.rate)).toBeCloseTo(100);
    expect(others.surgePerMs).toBe(0);
    expect(others.readingSpacingMs).toBe(SPACING);
  });

  it('books a rise in one interval as a burst, and takes it as a rate only once a second interval confirms it', () => {
    // 400 in one interval (200 a minute), then back to 100 a minute: the count moves 0, +200, 0.
    const oneOff = readings([6_000, 6_000, 6_200, 6_200]).others;
    // The counting noise of 100 a minute over 2 min is 2 sqrt(200) = 28: the excess is 400 - 200 - 28 = 172, and
    // the rate, the count less that burst over the window, stays at (6,200 - 172) / 60 = 100.5 a minute.
    expect(perMinute(oneOff.rate)).toBeCloseTo(100.5, 1);
    expect(oneOff.largestBurst(T0 + 3 * SPACING)).toBeCloseTo(171.7, 1);

    // 200 a minute for two intervals in a row: the rate rises. The first interval counts only up to the rate and
    // its noise (114 a minute); the second confirms 200, and the rate (remembered over 4 min) moves 39% of the way
    // from 106 to it: 143 a minute.
    const lasting = readings([6_000, 6_000, 6_200, 6_400]).others;
    expect(perMinute(lasting.rate)).toBeCloseTo(142.7, 1);
    // Going on, it comes closer to 200 with every interval.
    const longer = readings([6_000, 6_000, 6_200, 6_400, 6_600, 6_800]).others;
    expect(perMinute(longer.rate)).toBeGreaterThan(175);
    expect(perMinute(longer.rate)).toBeLessThan(200);
  });

  it('leaves a fall for the counter to show: the rate never drops below what the count in the window says', () => {
    // Nothing arrives for 4 min: the count falls by their departures, 400.
    const { others } = readings([6_000, 5_800, 5_600]);
    expect(perMinute(others.rate)).toBeCloseTo(5_600 / 60, 1);
  });

  it('reports a surge: how far the latest interval ran above the rate beyond noise, until an interval shows it over', () => {
    const { others } = readings([6_000, 6_000, 6_200]);
    // 200 a minute against 100 and the noise of 14 a minute (28 over 2 min).
    expect(perMinute(others.surgePerMs)).toBeCloseTo(200 - 100 - 14.14, 1);
    others.addReading(T0 + 3 * SPACING, 6_200);
    expect(others.surgePerMs).toBe(0);
  });

  it('remembers the largest burst for two windows, a burst a reading cut in two counted as one', () => {
    // A sync job sends 1,000 on top of the 200 of one interval: 1,200 - 200 - 28 = 972 beyond the rate and noise.
    const single = readings([6_000, 6_000, 7_000]);
    const burstEnd = T0 + 2 * SPACING;
    expect(single.others.largestBurst(burstEnd)).toBeCloseTo(971.7, 1);
    // Two windows on it is forgotten, readings or not.
    expect(single.others.largestBurst(burstEnd + 2 * WINDOW - 1)).toBeCloseTo(971.7, 1);
    expect(single.others.largestBurst(burstEnd + 2 * WINDOW)).toBe(0);

    // The same job cut in two by a reading: 500 in each of two intervals, 472 and 471 beyond the rate: one burst.
    const cut = readings([6_000, 6_000, 6_500, 7_000]);
    expect(cut.others.largestBurst(cut.lastAt)).toBeCloseTo(471.7 + 470.7, 1);
    // Two bursts 4 min apart, a quiet interval between: still one job's (within 5 min).
    const paused = readings([6_000, 6_000, 6_500, 6_500, 7_000]);
    expect(paused.others.largestBurst(paused.lastAt)).toBeGreaterThan(940);
    // Two bursts 10 min apart (more than 5) are two sync runs: the larger is the largest.
    const apart = readings([6_000, 6_000, 6_500, 6_500, 6_500, 6_500, 6_800]);
    expect(apart.others.largestBurst(apart.lastAt)).toBeCloseTo(471.7, 1);
  });

  it('forgets a burst two windows after it, as readings go on', () => {
    const { others, lastAt } = readings([6_000, 6_000, 7_000]);
    // Their count holds at 7,000 until the burst leaves the window an hour on, then is back at 6,000.
    const countAt = (at: number) => (at < lastAt + WINDOW ? 7_000 : 6_000);
    for (let at = lastAt + SPACING; at < lastAt + 2 * WINDOW; at += SPACING) others.addReading(at, countAt(at));
    expect(others.largestBurst(lastAt + 2 * WINDOW - SPACING)).toBeCloseTo(971.7, 1);
    others.addReading(lastAt + 2 * WINDOW, 6_000);
    expect(others.largestBurst(lastAt + 2 * WINDOW)).toBe(0);
    expect(perMinute(others.rate)).toBeCloseTo(100);
  });

  it('tells the calls sure to have left from those expected to: a read call may have come just before the reading', () => {
    // 1,200 read in the interval (T0, T0 + 2 min]; the first reading's 6,000 spread over the window before T0.
    const { others } = readings([6_000, 7_000]);
    const hourOn = T0 + WINDOW;
    // Expected: spread like their arrivals, 600 a minute of them leave an hour on, and 100 a minute of the first's.
    expect(others.departuresBetween(hourOn, hourOn + MINUTE)).toBeCloseTo(600);
    expect(others.departuresBetween(T0, T0 + MINUTE)).toBeCloseTo(100);
    // Sure to have left: any of the 1,200 may have come at T0 + 2 min, so none is sure to have gone before
    // T0 + 62 min, and all of them by then. The first reading's are taken as spread (nothing better is known).
    expect(others.latestDeparturesBetween(hourOn, hourOn + MINUTE)).toBe(0);
    expect(others.latestDeparturesBetween(hourOn + MINUTE, hourOn + SPACING)).toBe(1_200);
    expect(others.latestDeparturesBetween(T0, T0 + MINUTE)).toBeCloseTo(100);
  });

  describe('climbRise', () => {
    it('is 0 while their count holds', () => {
      const { others } = readings([6_000, 6_000, 6_000, 6_000, 6_000, 6_000]);
      expect(others.climbRise(10 * MINUTE)).toBe(0);
    });

    it('is 0 for a one-off burst: a step in one half of the span, not a rise in both', () => {
      expect(readings([6_000, 6_000, 6_000, 6_000, 6_000, 6_600]).others.climbRise(10 * MINUTE)).toBe(0);
      expect(readings([6_000, 6_600, 6_600, 6_600, 6_600, 6_600]).others.climbRise(10 * MINUTE)).toBe(0);
    });

    it('is 0 for a falling count', () => {
      expect(readings([6_000, 5_850, 5_700, 5_550, 5_400, 5_250]).others.climbRise(10 * MINUTE)).toBe(0);
    });

    it('is 0 for a rise within the counting noise', () => {
      // Up 10 every 2 min: 30 in each half (6 min), against twice the noise of ~100 a minute, 2 sqrt(600) = 49.
      expect(readings([6_000, 6_010, 6_020, 6_030, 6_040, 6_050]).others.climbRise(10 * MINUTE)).toBe(0);
    });

    it('is the slope of their count when it climbs beyond noise in both halves of the span', () => {
      // Up 150 every 2 min, 75 a minute: 450 in each half, far beyond the noise. Over the next 10 min: 750.
      const { others } = readings([4_000, 4_150, 4_300, 4_450, 4_600, 4_750]);
      expect(others.climbRise(10 * MINUTE)).toBeCloseTo(750);
      expect(others.climbRise(60 * MINUTE)).toBeCloseTo(4_500);
    });

    it('needs four readings within a sixth of the window', () => {
      expect(readings([4_000, 4_150, 4_300]).others.climbRise(10 * MINUTE)).toBe(0);
      expect(readings([4_000, 4_150, 4_300, 4_450]).others.climbRise(10 * MINUTE)).toBeCloseTo(750);
    });
  });
});
