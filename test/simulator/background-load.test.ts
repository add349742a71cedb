import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import { defaultTenantSettings, loadProfiles, type LoadProfile } from '../../electron/simulator/options';
import { TenantUsage } from '../../electron/simulator/tenant-usage';

const minute = 60_000;

/** The background count sampled every minute over a virtual hour (after the warm start). */
function hourOf(profile: LoadProfile, seed = 1, limit = 10_000): number[] {
  const clock = new VirtualClock();
  const usage = new TenantUsage(seed, { ...defaultTenantSettings, limit }, profile, clock);
  const samples: number[] = [];
  for (let m = 0; m <= 60; m++) {
    samples.push(usage.backgroundCount());
    clock.advance(minute);
  }
  return samples;
}

function sharesOf(counts: number[], limit = 10_000): number[] {
  return counts.map((count) => count / limit);
}

function expectBetween(values: number[], low: number, high: number): void {
  expect(Math.min(...values)).toBeGreaterThanOrEqual(low);
  expect(Math.max(...values)).toBeLessThanOrEqual(high);
}

describe('background load', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(hourOf('steady', 7)).toEqual(hourOf('steady', 7));
    expect(hourOf('steady', 7)).not.toEqual(hourOf('steady', 8));
  });

  it('does not depend on how often it is read: one jump of an hour gives what sixty steps gave', () => {
    const clock = new VirtualClock();
    const usage = new TenantUsage(3, defaultTenantSettings, 'spike', clock);
    clock.advance(60 * minute);
    expect(usage.backgroundCount()).toBe(hourOf('spike', 3).at(-1));
  });

  it('is zero when quiet', () => {
    expect(Math.max(...hourOf('quiet'))).toBe(0);
  });

  it('keeps steady at 60-70 % and busy at 80-90 % of the limit, from the first minute', () => {
    expectBetween(sharesOf(hourOf('steady')), 0.6, 0.7);
    expectBetween(sharesOf(hourOf('busy')), 0.8, 0.9);
  });

  it('steps spike between one and two bursts on top of steady load, never past 92 %', () => {
    const shares = sharesOf(hourOf('spike'));
    expectBetween(shares, 0.72, 0.92);
    expect(Math.max(...shares)).toBeGreaterThan(0.87);
  });

  it('floods in a callout storm: from about 35 % to about 95 % within a quarter hour, and stays there', () => {
    const shares = sharesOf(hourOf('callout-storm'));
    expectBetween(shares.slice(0, 5), 0.3, 0.4);
    expectBetween(shares.slice(16), 0.93, 0.97);
  });

  it('never by itself reaches the limit, whatever the profile, limit or seed', () => {
    for (const profile of loadProfiles) {
      for (const limit of [10, 100, 10_000]) {
        for (const seed of [1, 2, 3]) expect(Math.max(...hourOf(profile, seed, limit))).toBeLessThan(limit);
      }
    }
  });

  it('takes a new profile from the moment it is chosen, leaving what the old one made to age out', () => {
    const clock = new VirtualClock();
    const usage = new TenantUsage(1, defaultTenantSettings, 'busy', clock);
    const busy = usage.backgroundCount();
    usage.switchLoad('quiet');
    expect(usage.load).toBe('quiet');
    clock.advance(30 * minute);
    expect(usage.backgroundCount()).toBeLessThan(busy * 0.55);
    expect(usage.backgroundCount()).toBeGreaterThan(busy * 0.45);
    clock.advance(30 * minute);
    expect(usage.backgroundCount()).toBe(0);
  });
});

describe('a background level set in process', () => {
  const second = 1000;

  function tenantAt(profile: LoadProfile, limit = 1000) {
    const clock = new VirtualClock();
    const usage = new TenantUsage(1, { ...defaultTenantSettings, limit, timeframeMinutes: 1 }, profile, clock);
    return { clock, usage };
  }

  it('moves the others’ count in a straight line to the level, then holds it as their calls age out', () => {
    const { clock, usage } = tenantAt('quiet');
    usage.setBackgroundLevel(0.5, 20 * second);
    expect(usage.load).toBe('level');
    const counts: number[] = [];
    for (let s = 0; s <= 200; s += 10) {
      counts.push(usage.backgroundCount());
      clock.advance(10 * second);
    }
    expect(counts[1]).toBeGreaterThanOrEqual(249);
    expect(counts[1]).toBeLessThanOrEqual(251);
    expect(Math.min(...counts.slice(2))).toBeGreaterThanOrEqual(499);
    expect(Math.max(...counts.slice(2))).toBeLessThanOrEqual(501);
  });

  it('falls no faster than the others’ calls age out', () => {
    const { clock, usage } = tenantAt('steady');
    const before = usage.backgroundCount();
    usage.setBackgroundLevel(0);
    clock.advance(30 * second);
    expect(usage.backgroundCount() / before).toBeCloseTo(0.5, 1);
    clock.advance(30 * second);
    expect(usage.backgroundCount()).toBe(0);
  });

  it('starts each line from where the count stands, and ends with a profile chosen again', () => {
    const { clock, usage } = tenantAt('quiet');
    usage.setBackgroundLevel(0.8, 10 * second);
    clock.advance(5 * second);
    usage.setBackgroundLevel(0.2, 10 * second);
    clock.advance(5 * second);
    expect(usage.backgroundCount()).toBeLessThanOrEqual(400);
    usage.switchLoad('quiet');
    expect(usage.load).toBe('quiet');
    clock.advance(60 * second);
    expect(usage.backgroundCount()).toBe(0);
  });

  it('never fills more of the window than the profiles may', () => {
    const { clock, usage } = tenantAt('quiet', 100);
    usage.setBackgroundLevel(1);
    clock.advance(5 * second);
    expect(usage.backgroundCount()).toBe(97);
  });

  it('refuses a share outside 0 to 1 and a negative ramp', () => {
    const { usage } = tenantAt('quiet');
    expect(() => usage.setBackgroundLevel(1.5)).toThrow(RangeError);
    expect(() => usage.setBackgroundLevel(Number.NaN)).toThrow(RangeError);
    expect(() => usage.setBackgroundLevel(0.5, -1)).toThrow(RangeError);
  });
});
