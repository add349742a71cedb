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
  it('answers requests made together with one extra poll and the same fresh sample', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(10_000);
    const answers = Promise.all([1, 2, 3, 4, 5].map((n) => poller.pollSoon(`batch ${n}`)));
    // The last poll was at 0: no poll comes sooner than 30 s after another.
    await clock.advanceAsync(19_999);
    expect(source.readsAt).toHaveLength(1);
    await clock.advanceAsync(1);
    const fresh = await answers;
    expect(fresh.map((sample) => sample?.takenAt)).toEqual(Array(5).fill(startedAt + 30_000));
    expect(poller.stats()).toMatchObject({ pollsSent: 2, extraPolls: 1, lastExtraReason: 'batch 1' });
    poller.stop();
  });

  it('keeps extra polls 72 s apart: a gate asking every second for an hour gets 51 polls, 0.51% of the limit', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    poller.start();
    for (let second = 0; second < 3_600; second++) {
      void poller.pollSoon('large batch waiting');
      await clock.advanceAsync(1_000);
    }
    // The regular poll at 0, an extra one at 30 s, then one every 72 s: the regular one never comes due.
    expect(gaps(source.readsAt).slice(1)).toEqual(Array(49).fill(72_000));
    expect(poller.stats()).toMatchObject({ pollsSent: 51, extraPolls: 50 });
    // The rolling window ending now holds all but the first.
    expect(poller.stats()).toMatchObject({ pollsInWindow: 50, shareOfLimitInWindow: 0.005 });
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

  it('lets a regular poll due sooner serve the request instead of adding one', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    source.reading = { ...source.reading, used: 8_900 };
    poller.start();
    await clock.advanceAsync(20_000);
    const fresh = poller.pollSoon('batch');
    await clock.advanceAsync(10_000);
    expect((await fresh)?.takenAt).toBe(startedAt + 30_000);
    expect(poller.stats()).toMatchObject({ pollsSent: 2, extraPolls: 0 });
    poller.stop();
  });
});

describe('Poller: rereadAfterRefusal', () => {
  it('reads at once when a refusal of one of our calls is over, whatever the spacing of extra polls', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(1_000);
    void poller.pollSoon('batch');
    await clock.advanceAsync(30_000);
    // An extra poll went at 30 s; the next extra one could not go before 102 s. A re-read after a refusal can.
    await clock.advanceAsync(5_000);
    poller.rereadAfterRefusal();
    await clock.advanceAsync(0);
    expect(source.readsAt.map((at) => at - startedAt)).toEqual([0, 30_000, 36_000]);
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
