import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  it('fires timers in due order, each at its own time, and only when time reaches them', () => {
    const clock = new VirtualClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['late', clock.now()]), 300);
    clock.setTimeout(() => fired.push(['early', clock.now()]), 100);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(250);
    expect(fired).toEqual([
      ['early', 100],
      ['late', 300],
    ]);
    expect(clock.now()).toBe(349);
  });

  it('fires a timer set by another timer when it falls inside the same advance', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 50), 100);
    clock.advance(1000);
    expect(fired).toEqual([150]);
  });

  it('never fires a cleared timer', () => {
    const clock = new VirtualClock(0);
    let fired = false;
    const id = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(id);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets awaited work continue between timers when advanced asynchronously', async () => {
    const clock = new VirtualClock(0);
    const wait = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const steps: number[] = [];
    const work = (async () => {
      await wait(100);
      steps.push(clock.now());
      await wait(100);
      steps.push(clock.now());
    })();
    await clock.advanceAsync(500);
    await work;
    expect(steps).toEqual([100, 200]);
  });
});
