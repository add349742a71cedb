import { describe, expect, it } from 'vitest';
import { pollerOnFakeTenant } from './poller-fake-source';

const HOUR = 3_600_000;

/** The most polls that fall in any window of `windowMs` (the tenant counts them in a rolling window). */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

describe('Poller: the regular schedule', () => {
  it('reads at once on start and emits the sample stamped with when it was asked for and when it came', async () => {
    const { clock, poller, samples, source, startedAt } = pollerOnFakeTenant();
    source.answerAfterMs = 400;
    poller.start();
    await clock.advanceAsync(400);
    expect(samples).toEqual([
      { used: 2_000, limit: 10_000, timeframeMinutes: 60, requestedAt: startedAt, takenAt: startedAt + 400 },
    ]);
    expect(poller.status).toMatchObject({ health: 'ok', lastSampleAt: startedAt + 400 });
    poller.stop();
  });

  it('far from thresholds on 10,000 / 60 min spends 30 polls in a virtual hour: 0.3% of the limit', async () => {
    const { clock, poller, source, pollsSentAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(HOUR - 1);
    // random() = 0 is the worst case: jitter only ever lengthens the interval.
    expect(source.readsAt).toHaveLength(30);
    expect(pollsSentAt).toHaveLength(30);
    expect(mostInAnyWindow(source.readsAt, HOUR)).toBe(30);
    expect(poller.stats()).toMatchObject({
      pollsSent: 30,
      extraPolls: 0,
      pollsInWindow: 30,
      shareOfLimitInWindow: 0.003,
    });
    poller.stop();
  });

  it('far from thresholds on 300 / 1 min spends 90 polls in a virtual hour, at most 2 in any minute: 0.67%', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    source.reading = { used: 60, limit: 300, timeframeMinutes: 1 };
    poller.start();
    await clock.advanceAsync(HOUR - 1);
    expect(source.readsAt).toHaveLength(90); // one every 40 s: 0.5% of 300 a minute on average
    expect(mostInAnyWindow(source.readsAt, 60_000)).toBe(2); // 2 / 300 = 0.67% in the worst minute
    expect(poller.stats().shareOfLimitInWindow).toBeLessThan(0.01);
    poller.stop();
  });

  it('polls every 30 s near a threshold on Autotask, every 10 s on a 300 / 1 min tenant', async () => {
    for (const [reading, expectedGap] of [
      [{ used: 8_900, limit: 10_000, timeframeMinutes: 60 }, 30_000],
      [{ used: 267, limit: 300, timeframeMinutes: 1 }, 10_000],
    ] as const) {
      const { clock, poller, source } = pollerOnFakeTenant();
      source.reading = reading;
      poller.start();
      await clock.advanceAsync(5 * expectedGap);
      expect(gaps(source.readsAt)).toEqual(Array(5).fill(expectedGap));
      poller.stop();
    }
  });

  it('slows down again when usage falls away from the thresholds', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant();
    source.reading = { ...source.reading, used: 8_900 };
    poller.start();
    await clock.advanceAsync(30_000);
    source.reading = { ...source.reading, used: 3_000 };
    await clock.advanceAsync(30_000 + 120_000);
    expect(sinceStart(source.readsAt)).toEqual([0, 30_000, 60_000, 180_000]);
    poller.stop();
  });

  it('lengthens each interval by a random share of up to 10%, never shortens it', async () => {
    const { clock, poller, source } = pollerOnFakeTenant({ random: () => 0.5 });
    poller.start();
    await clock.advanceAsync(3 * 126_000);
    expect(gaps(source.readsAt)).toEqual([126_000, 126_000, 126_000]);
    poller.stop();
  });

  it("is steered by the engine's estimate and thresholds when they are given", async () => {
    const { clock, poller, source } = pollerOnFakeTenant({
      // Our own calls since the sample took usage near sleepAt; the sample alone would say 20%.
      trend: () => ({ used: 8_950 }),
    });
    poller.start();
    await clock.advanceAsync(60_000);
    expect(gaps(source.readsAt)).toEqual([30_000, 30_000]);
    poller.stop();

    const confused = pollerOnFakeTenant({ trend: () => ({ used: Number.NaN }) });
    confused.poller.start();
    await confused.clock.advanceAsync(240_000);
    // An estimate that is not a number is set aside: the sample (20%, far) steers, and polling goes on.
    expect(gaps(confused.source.readsAt)).toEqual([120_000, 120_000]);
    confused.poller.stop();

    const custom = pollerOnFakeTenant({ thresholdsPercent: () => [21] });
    custom.poller.start();
    await custom.clock.advanceAsync(60_000);
    expect(gaps(custom.source.readsAt)).toEqual([30_000, 30_000]);
    custom.poller.stop();
  });
});

describe('Poller: pollSoon', () => {
  it('reads at once when asked, whatever the spacing of regular polls, and answers requests made together with it', async () => {
    const { clock, poller, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(10_000);
    // Regular polls here are 30 s apart at the fastest; the gate, spending blind, cannot wait for the next one.
    const answers = Promise.all([1, 2, 3, 4, 5].map((n) => poller.pollSoon(`batch ${n}`)));
    await clock.advanceAsync(0);
    const fresh = await answers;
    expect(fresh.map((sample) => sample?.takenAt)).toEqual(Array(5).fill(startedAt + 10_000));
    expect(poller.stats()).toMatchObject({ pollsSent: 2, extraPolls: 1, lastExtraReason: 'batch 1' });
    poller.stop();
  });

  it('sends none within a second of the last poll: a gate asking ten times a second gets one read a second', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(200);
    for (let tenth = 0; tenth < 100; tenth++) {
      void poller.pollSoon('room running out');
      await clock.advanceAsync(100);
    }
    // The regular poll at 0, then one asked for every second from 1 s on.
    expect(source.readsAt.map((at) => at - startedAt)).toEqual(Array.from({ length: 11 }, (_, i) => i * 1_000));
    poller.stop();
  });

  it('joins the poll in flight instead of sending another, and polls never overlap', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    source.answerAfterMs = 15_000;
    poller.start();
    await clock.advanceAsync(1_000);
    const fresh = poller.pollSoon('batch');
    await clock.advanceAsync(14_000);
    expect((await fresh)?.takenAt).toBe(startedAt + 15_000);
    for (let second = 0; second < 600; second += 5) {
      void poller.pollSoon('batch');
      await clock.advanceAsync(5_000);
    }
    expect(source.maxConcurrentReads).toBe(1);
    poller.stop();
  });
});

describe('Poller: rereadAfterRefusal', () => {
  it('reads at once when a refusal of one of our calls is over, whatever the spacing of regular polls', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(6_000);
    // The next regular poll is 30 s or more after the first; a re-read after a refusal cannot wait for it.
    poller.rereadAfterRefusal();
    await clock.advanceAsync(0);
    expect(source.readsAt.map((at) => at - startedAt)).toEqual([0, 6_000]);
    poller.stop();
  });

  it('sends none while a poll is under way, and none once stopped', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    source.answerAfterMs = 5_000;
    poller.start();
    await clock.advanceAsync(1_000);
    poller.rereadAfterRefusal();
    await clock.advanceAsync(0);
    expect(source.readsAt).toHaveLength(1);
    poller.stop();
    poller.rereadAfterRefusal();
    await clock.advanceAsync(60_000);
    expect(source.readsAt).toHaveLength(1);
  });
});

describe('Poller: stop', () => {
  it('aborts the poll in flight, clears its timers, and answers waiting callers with no sample', async () => {
    const { clock, poller, source, samples } = pollerOnFakeTenant();
    source.answerAfterMs = Number.POSITIVE_INFINITY;
    poller.start();
    await clock.advanceAsync(1_000);
    const fresh = poller.pollSoon('batch');
    poller.stop();
    expect(source.signals[0]?.aborted).toBe(true);
    expect(await fresh).toBeUndefined();
    await clock.advanceAsync(0);
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceAsync(HOUR);
    expect(source.readsAt).toHaveLength(1);
    expect(samples).toEqual([]);
    expect(await poller.pollSoon('after stop')).toBeUndefined();
  });

  it('clears the next regular poll, and starts again on start()', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(1_000);
    poller.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceAsync(HOUR);
    poller.start();
    await clock.advanceAsync(0);
    expect(sinceStart(source.readsAt)).toEqual([0, HOUR + 1_000]);
    poller.stop();
  });
});
