import { describe, expect, it } from 'vitest';
import { RollingWindow } from '../../electron/simulator/rolling-window';

const hour = 3_600_000;

describe('RollingWindow', () => {
  it('counts a request until exactly one timeframe later, and not at that instant', () => {
    const window = new RollingWindow();
    window.record(1_000, 'A');
    window.expire(1_000 + hour - 1, hour);
    expect(window.count).toBe(1);
    window.expire(1_000 + hour, hour);
    expect(window.count).toBe(0);
  });

  it('lets each request age out at its own time, per integration code', () => {
    const window = new RollingWindow();
    window.record(0, 'A', 3);
    window.record(10, 'B');
    window.record(20, 'A');
    expect(window.count).toBe(5);
    window.expire(hour + 10, hour);
    expect(window.count).toBe(1);
    expect(window.countOf('A')).toBe(1);
    expect(window.countOf('B')).toBe(0);
    expect([...window.countsBySource()]).toEqual([['A', 1]]);
  });

  it('books a request from a clock that stepped back at the last time it saw, so it never ages out early', () => {
    const window = new RollingWindow();
    window.record(5_000, 'A');
    window.record(4_000, 'A');
    window.expire(5_000 + hour - 1, hour);
    expect(window.count).toBe(2);
  });

  it('says how long until the count falls below a target: when the last request that must leave ages out', () => {
    const window = new RollingWindow();
    window.record(0, 'A', 2);
    window.record(600_000, 'B', 3);
    const now = 1_200_000;
    expect(window.msUntilBelow(5, now, hour)).toBe(hour - now);
    expect(window.msUntilBelow(3, now, hour)).toBe(hour + 600_000 - now);
    expect(window.msUntilBelow(6, now, hour)).toBe(0);
  });

  it('stays exact over a long run of requests that come and go', () => {
    const window = new RollingWindow();
    for (let t = 0; t < 3 * hour; t += 250) {
      window.record(t, t % 1000 === 0 ? 'A' : 'B');
      window.expire(t, hour);
    }
    // The last hour holds the requests made after 2 h, four a second.
    expect(window.count).toBe(hour / 250);
    expect(window.countOf('A')).toBe(hour / 1000);
  });

  it('forgets everything on clear', () => {
    const window = new RollingWindow();
    window.record(0, 'A', 10);
    window.clear();
    expect(window.count).toBe(0);
    expect(window.countOf('A')).toBe(0);
  });
});
