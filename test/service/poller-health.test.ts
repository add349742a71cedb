import { describe, expect, it } from 'vitest';
import { AutotaskError, AutotaskThrottledError } from '../../electron/autotask/errors';
import { backoffDelay } from '../../electron/core/backoff';
import { seededRandom } from '../../electron/simulator/seeded-random';
import type { UpstreamRejection } from '../../electron/core/throttle/rejection';
import { pollerOnFakeTenant } from './poller-fake-source';

const networkDown = new AutotaskError('network', 'GET ThresholdInformation: could not reach zone (ECONNREFUSED)', {
  userMessage: 'Could not reach Autotask at webservices5.autotask.net. Check the network connection.',
});
const serverError = new AutotaskError('server-error', 'GET ThresholdInformation: 503');

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

describe('Poller: connection health', () => {
  it('goes degraded with the words of the failure, and never makes up a sample', async () => {
    const { clock, poller, source, samples, transitions, startedAt } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = networkDown;
    await clock.advanceAsync(10 * 60_000);
    expect(samples).toHaveLength(1);
    expect(samples[0]?.takenAt).toBe(startedAt);
    expect(transitions.map(({ from, to }) => [from.health, to.health, to.lastError])).toEqual([
      ['offline', 'ok', undefined],
      ['ok', 'degraded', networkDown.userMessage],
    ]);
    expect(transitions[1]).toMatchObject({ at: startedAt + 120_000, to: { since: startedAt + 120_000 } });
    expect(poller.status).toMatchObject({ health: 'degraded', lastSampleAt: startedAt });
    poller.stop();
  });

  it('turns offline once the last sample is 15 min old (a quarter of the window), even between retries', async () => {
    const { clock, poller, source, transitions, startedAt } = pollerOnFakeTenant({
      backoff: { baseMs: 600_000, maxMs: 600_000 },
    });
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = networkDown;
    await clock.advanceAsync(15 * 60_000);
    expect(transitions.at(-1)).toMatchObject({
      at: startedAt + 15 * 60_000,
      from: { health: 'degraded' },
      to: { health: 'offline', lastError: networkDown.userMessage, lastSampleAt: startedAt },
    });
    poller.stop();
  });

  it('on a 300 / 1 min tenant a sample stays good for one window, as no cheaper polling can replace it sooner', async () => {
    const { clock, poller, source, transitions, startedAt } = pollerOnFakeTenant();
    source.reading = { used: 60, limit: 300, timeframeMinutes: 1 };
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = networkDown;
    await clock.advanceAsync(60_000);
    expect(transitions.slice(1).map(({ to, at }) => [to.health, at - startedAt])).toEqual([
      ['degraded', 40_000],
      ['offline', 60_000],
    ]);
    poller.stop();
  });

  it('comes back to ok with the error cleared when a poll succeeds again', async () => {
    const { clock, poller, source, transitions, startedAt } = pollerOnFakeTenant();
    poller.start();
    source.failWith = networkDown;
    await clock.advanceAsync(60_000);
    source.failWith = undefined;
    await clock.advanceAsync(10 * 60_000);
    const last = transitions.at(-1);
    expect(last?.from).toMatchObject({ health: 'offline', lastError: networkDown.userMessage });
    expect(last?.to).toEqual({ health: 'ok', since: last?.at, lastSampleAt: last?.at });
    expect(last?.at).toBeGreaterThan(startedAt);
    poller.stop();
  });

  it('reports a change of words as a change, and the same failure again as none', async () => {
    const { clock, poller, source, transitions } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(networkDown, networkDown, serverError);
    source.failWith = serverError;
    await clock.advanceAsync(10 * 60_000);
    expect(transitions.slice(1).map(({ from, to }) => [from.health, to.health, to.lastError])).toEqual([
      ['ok', 'degraded', networkDown.userMessage],
      ['degraded', 'degraded', 'Autotask had a server error. Try again later.'],
    ]);
    expect(transitions[2]?.to.since).toBe(transitions[1]?.at);
    poller.stop();
  });

  it('leaves the connection offline, with the reason, when the very first poll fails', async () => {
    const { clock, poller, source, transitions, samples } = pollerOnFakeTenant();
    source.failWith = networkDown;
    poller.start();
    await clock.advanceAsync(0);
    expect(poller.status).toMatchObject({ health: 'offline', lastError: networkDown.userMessage });
    expect(poller.status.lastSampleAt).toBeUndefined();
    expect(transitions).toHaveLength(1);
    expect(samples).toEqual([]);
    poller.stop();
  });

  it('gives up on a poll after 20 s, aborts it, and says so', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    source.answerAfterMs = Number.POSITIVE_INFINITY;
    await clock.advanceAsync(120_000 + 19_999);
    expect(poller.status.health).toBe('ok');
    await clock.advanceAsync(1);
    expect(source.signals[1]?.aborted).toBe(true);
    expect(poller.status).toMatchObject({
      health: 'degraded',
      lastError: 'Autotask did not answer the usage check within 20 s.',
    });
    poller.stop();
  });

  it('treats an answer without a usable count as a failure, never as a sample', async () => {
    const { clock, poller, source, samples } = pollerOnFakeTenant();
    source.reading = { used: Number.NaN, limit: 10_000, timeframeMinutes: 60 };
    poller.start();
    await clock.advanceAsync(0);
    expect(poller.status.lastError).toBe("Autotask's usage answer could not be used: the request count is NaN.");
    source.reading = { used: 10, limit: 0, timeframeMinutes: 60 };
    await clock.advanceAsync(5_000);
    expect(poller.status.lastError).toBe("Autotask's usage answer could not be used: the limit is 0.");
    expect(samples).toEqual([]);
    poller.stop();
  });

  it('says nothing of what an unexpected error holds', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    source.failWith = new Error('request failed: Secret=hunter2');
    poller.start();
    await clock.advanceAsync(0);
    expect(poller.status.lastError).toBe("Headroom could not read the tenant's usage.");
    poller.stop();
  });
});

describe('Poller: retries after failures', () => {
  it('backs off with jitter, doubling from 2 s up to the 2 min bound', async () => {
    const { clock, poller, source } = pollerOnFakeTenant({ random: seededRandom(7) });
    source.failWith = networkDown;
    poller.start();
    await clock.advanceAsync(30 * 60_000);
    const retries = gaps(source.readsAt);
    const sameDice = seededRandom(7);
    const policy = { baseMs: 2_000, maxMs: 120_000 };
    expect(retries).toEqual(retries.map((_, attempt) => backoffDelay(attempt, policy, sameDice)));
    retries.forEach((gap, attempt) => {
      const step = Math.min(120_000, 2_000 * 2 ** attempt);
      expect(gap).toBeGreaterThanOrEqual(step / 2);
      expect(gap).toBeLessThanOrEqual(step);
    });
    expect(Math.max(...retries)).toBeLessThanOrEqual(120_000);
    expect(new Set(retries.slice(-5)).size).toBe(5); // jitter: retries at the bound do not line up
    expect(poller.stats()).toMatchObject({ pollsSent: source.readsAt.length, failures: source.readsAt.length });
    poller.stop();
  });

  it('once a sample is in hand, never retries sooner than the fastest polling the limit allows', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    source.reading = { used: 60, limit: 300, timeframeMinutes: 1 };
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = serverError;
    await clock.advanceAsync(5 * 60_000);
    // random() = 0: the backoff alone would say 1 s, 2 s, 4 s, 8 s, 16 s, ...
    expect(gaps(source.readsAt).slice(1, 6)).toEqual([10_000, 10_000, 10_000, 10_000, 16_000]);
    poller.stop();
  });
});

describe('Poller: credentials rejected', () => {
  const refused = new AutotaskError('bad-credentials', 'GET ThresholdInformation: 401');

  it.each([
    ['bad-credentials', 'Autotask did not accept the API credentials.'],
    ['unknown-user', 'Autotask does not know this API user.'],
  ] as const)('%s: auth-failed, with the words and when it is tried again', async (kind, words) => {
    const { clock, poller, source, transitions } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(new AutotaskError(kind, `GET ThresholdInformation: ${kind}`));
    await clock.advanceAsync(120_000);
    expect(transitions.at(-1)?.to.health).toBe('auth-failed');
    expect(poller.status.lastError).toContain(words);
    // random() = 0: half of the first 30 s step, but never sooner than the fastest polling (30 s on 10,000 / 60 min).
    expect(poller.status.lastError).toContain(
      'Headroom tries them again in 30 s, or sooner once Test connection or a call through the gateway succeeds ' +
        'with them.',
    );
    expect(await poller.pollSoon('batch')).toBeUndefined();
    expect(source.readsAt).toHaveLength(2);
    poller.stop();
  });

  it('retries a refusal on its own slower backoff, 30 s doubling up to 10 min, and resumes when one passes', async () => {
    // random() = 1: every retry waits its whole step, and every regular interval its whole 10% more.
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant({ random: () => 1 });
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = refused;
    await clock.advanceAsync(132_000 + 30_000 + 60_000 + 120_000 + 240_000 + 480_000 + 600_000 + 600_000);
    expect(gaps(sinceStart(source.readsAt))).toEqual([
      132_000, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000,
    ]);
    expect(poller.status).toMatchObject({ health: 'auth-failed' });
    expect(poller.status.lastError).toContain('Headroom tries them again in 10 min');

    // The refusal passes (Autotask took the same credentials again): the next retry brings polling back.
    source.failWith = undefined;
    await clock.advanceAsync(600_000);
    expect(poller.status).toMatchObject({ health: 'ok' });
    expect(poller.status.lastError).toBeUndefined();
    const fresh = poller.pollSoon('batch');
    await clock.advanceAsync(120_000);
    expect(await fresh).toMatchObject({ used: 2_000 });
    poller.stop();
  });

  it('starts the slower backoff afresh once a sample comes in between', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant({ random: () => 1 });
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(refused, refused, undefined, refused, refused);
    await clock.advanceAsync(132_000 + 30_000 + 60_000 + 132_000 + 30_000 + 60_000);
    expect(gaps(sinceStart(source.readsAt))).toEqual([132_000, 30_000, 60_000, 132_000, 30_000, 60_000]);
    poller.stop();
  });

  it('resumes at once when Autotask is seen to take the same credentials (Test connection, a gateway call)', async () => {
    const { clock, poller, source, startedAt } = pollerOnFakeTenant({
      credentialsBackoff: { baseMs: 3_600_000, maxMs: 3_600_000 },
    });
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(refused);
    await clock.advanceAsync(120_000 + 10 * 60_000);
    expect(poller.status.health).toBe('auth-failed');

    poller.autotaskAnswered(() => false); // other credentials: no news about ours
    await clock.advanceAsync(0);
    expect(source.readsAt).toHaveLength(2);

    poller.autotaskAnswered(() => true);
    await clock.advanceAsync(0);
    expect(source.readsAt.map((t) => t - startedAt)).toEqual([0, 120_000, 720_000]);
    expect(poller.status).toMatchObject({ health: 'ok', lastSampleAt: startedAt + 720_000 });
    poller.stop();
  });
});

describe('Poller: Autotask answering other calls', () => {
  it('after a long 503 spell, reads again within the fastest spacing of a gateway answer, not the 2 min backoff', async () => {
    const { clock, poller, source } = pollerOnFakeTenant({ random: () => 1 });
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = serverError;
    await clock.advanceAsync(30 * 60_000);
    expect(poller.status.health).toBe('offline');
    const lastFailedRead = source.readsAt.at(-1) ?? 0;
    expect(gaps(source.readsAt).at(-1)).toBe(120_000);

    source.failWith = undefined;
    clock.advanceTo(lastFailedRead + 5_000);
    for (let answer = 0; answer < 100; answer++) poller.autotaskAnswered(() => false);
    await clock.advanceAsync(25_000);
    // One read for many answers, 30 s after the last failed one (the fastest polling 10,000 / 60 min allows).
    expect(source.readsAt.at(-1)).toBe(lastFailedRead + 30_000);
    expect(source.readsAt.filter((t) => t > lastFailedRead)).toHaveLength(1);
    expect(poller.status.health).toBe('ok');
    poller.stop();
  });

  it('reads at once when the fastest spacing has already passed since the failed read', async () => {
    const { clock, poller, source } = pollerOnFakeTenant({ random: () => 1 });
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = networkDown;
    await clock.advanceAsync(20 * 60_000);
    const lastFailedRead = source.readsAt.at(-1) ?? 0;
    source.failWith = undefined;
    clock.advanceTo(lastFailedRead + 45_000);
    poller.autotaskAnswered(() => false);
    await clock.advanceAsync(0);
    expect(source.readsAt.at(-1)).toBe(lastFailedRead + 45_000);
    expect(poller.status.health).toBe('ok');
    poller.stop();
  });

  it('keeps the fastest spacing when the counter still cannot be read while other calls are answered', async () => {
    const { clock, poller, source } = pollerOnFakeTenant({ random: () => 1 });
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = serverError;
    for (let second = 0; second < 20 * 60; second++) {
      poller.autotaskAnswered(() => false);
      await clock.advanceAsync(1_000);
    }
    expect(Math.min(...gaps(source.readsAt))).toBe(30_000);
    poller.stop();
  });

  it('costs nothing and sends nothing while the connection is ok, or once stopped', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    poller.autotaskAnswered(() => true);
    await clock.advanceAsync(60_000);
    expect(source.readsAt).toHaveLength(1);
    source.failWith = serverError;
    await clock.advanceAsync(60_000 + 30_000);
    poller.stop();
    const reads = source.readsAt.length;
    poller.autotaskAnswered(() => true);
    await clock.advanceAsync(10 * 60_000);
    expect(source.readsAt).toHaveLength(reads);
  });

  it('still waits out a Retry-After Autotask gave the poll', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant();
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 300_000));
    await clock.advanceAsync(120_000 + 60_000);
    poller.autotaskAnswered(() => true);
    await clock.advanceAsync(240_000);
    expect(sinceStart(source.readsAt)).toEqual([0, 120_000, 420_000]);
    poller.stop();
  });
});

describe('Poller: Autotask refuses the poll itself', () => {
  it('reports a 429 with its Retry-After so the engine sleeps, and waits it out before polling again', async () => {
    const rejections: UpstreamRejection[] = [];
    const { clock, poller, source, sinceStart, startedAt } = pollerOnFakeTenant({
      onUpstreamRejection: (rejection) => rejections.push(rejection),
    });
    poller.start();
    await clock.advanceAsync(0);
    const limited = new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 300_000);
    source.failNext(limited);
    await clock.advanceAsync(120_000);
    expect(rejections).toEqual([{ kind: 'rate-limited', retryAfterMs: 300_000, sentAt: startedAt + 120_000 }]);
    expect(poller.status).toMatchObject({ health: 'degraded', lastError: limited.userMessage });
    void poller.pollSoon('batch');
    await clock.advanceAsync(300_000);
    expect(sinceStart(source.readsAt)).toEqual([0, 120_000, 420_000]);
    expect(poller.status.health).toBe('ok');
    poller.stop();
  });

  it('reports the thread-limit error too, with a cautious 60 s when no Retry-After came with it', async () => {
    const rejections: UpstreamRejection[] = [];
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant({
      onUpstreamRejection: (rejection) => rejections.push(rejection),
    });
    source.failNext(new AutotaskError('thread-limit', 'GET ThresholdInformation: thread threshold exceeded'));
    poller.start();
    await clock.advanceAsync(60_000);
    expect(rejections).toMatchObject([{ kind: 'thread-limit', retryAfterMs: 60_000 }]);
    expect(sinceStart(source.readsAt)).toEqual([0, 60_000]);
    poller.stop();
  });

  it('stamps the refusal with when the refused poll was sent, so the engine can take it back off our count', async () => {
    const rejections: UpstreamRejection[] = [];
    const { clock, poller, source, startedAt } = pollerOnFakeTenant({
      onUpstreamRejection: (rejection) => rejections.push(rejection),
    });
    source.answerAfterMs = 2_000;
    poller.start();
    await clock.advanceAsync(2_000);
    source.failNext(new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 30_000));
    await clock.advanceAsync(122_000);
    // Sent 120 s after the first sample came in, refused 2 s later.
    expect(rejections).toEqual([{ kind: 'rate-limited', retryAfterMs: 30_000, sentAt: startedAt + 122_000 }]);
    poller.stop();
  });

  it('on a 300 / 1 min tenant at the cap, re-reads when Retry-After (3 s) says, not 10 s or more later', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant();
    source.reading = { used: 295, limit: 300, timeframeMinutes: 1 };
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 3_000));
    await clock.advanceAsync(10_000 + 3_000);
    expect(sinceStart(source.readsAt)).toEqual([0, 10_000, 13_000]);
    expect(poller.status.health).toBe('ok');
    poller.stop();
  });

  it('while Autotask keeps refusing on 10,000 / 60 min, re-reads every 60 s as told, never drifting to the backoff', async () => {
    // random() = 1: the backoff alone would be 64 s after the sixth refusal and 2 min after the seventh.
    const { clock, poller, source } = pollerOnFakeTenant({ random: () => 1 });
    source.reading = { used: 9_900, limit: 10_000, timeframeMinutes: 60 };
    poller.start();
    await clock.advanceAsync(0);
    source.failWith = new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 60_000);
    await clock.advanceAsync(33_000 + 8 * 60_000);
    expect(gaps(source.readsAt)).toEqual([33_000, ...Array<number>(8).fill(60_000)]);
    poller.stop();
  });

  it('backs off again when the re-read at Retry-After fails for another reason', async () => {
    const { clock, poller, source, sinceStart } = pollerOnFakeTenant();
    source.reading = { used: 295, limit: 300, timeframeMinutes: 1 };
    poller.start();
    await clock.advanceAsync(0);
    source.failNext(new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 3_000), serverError);
    await clock.advanceAsync(10_000 + 3_000 + 10_000);
    // After the server error, the fastest polling the limit allows (10 s) holds again.
    expect(sinceStart(source.readsAt)).toEqual([0, 10_000, 13_000, 23_000]);
    poller.stop();
  });

  it('never turns a Retry-After of 0 into a storm: a refused poll is read again no sooner than 1 s later', async () => {
    const { clock, poller, source } = pollerOnFakeTenant();
    source.failWith = new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: 429', 0);
    poller.start();
    await clock.advanceAsync(5_000);
    expect(gaps(source.readsAt)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    poller.stop();
  });
});
