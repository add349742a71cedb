import { describe, expect, it } from 'vitest';
import { AutotaskError, AutotaskThrottledError, type AutotaskErrorKind } from '../../electron/autotask/errors';
import { defaultRetryPolicy, retryDelayMs, withRetries } from '../../electron/autotask/retry-policy';
import { seededRandom } from '../../electron/simulator/seeded-random';

const failure = (kind: AutotaskErrorKind) => new AutotaskError(kind, kind);
const policy = defaultRetryPolicy;

describe('retryDelayMs', () => {
  it('retries reads after network errors, 5xx and timeouts', () => {
    for (const kind of ['network', 'server-error', 'timeout'] as const) {
      expect(
        retryDelayMs(failure(kind), 0, true, policy, () => 0.5),
        kind,
      ).toBeGreaterThan(0);
    }
  });

  it('never retries a write, whatever went wrong', () => {
    for (const kind of ['network', 'server-error', 'timeout'] as const) {
      expect(
        retryDelayMs(failure(kind), 0, false, policy, () => 0.5),
        kind,
      ).toBeUndefined();
    }
  });

  it('never retries the limits (the throttle decides), nor answers that would come out the same', () => {
    const final: AutotaskErrorKind[] = ['bad-credentials', 'unknown-user', 'not-found', 'validation'];
    const throttled = [
      new AutotaskThrottledError('rate-limited', '429', 60_000),
      new AutotaskThrottledError('thread-limit', 'threads', 60_000),
    ];
    for (const error of [...final.map(failure), ...throttled, new Error('not ours')]) {
      expect(
        retryDelayMs(error, 0, true, policy, () => 0.5),
        String(error),
      ).toBeUndefined();
    }
  });

  it('stops after maxRetries, with jittered delays that grow and stay bounded', () => {
    const random = seededRandom(3);
    const delays = [0, 1, 2].map((retry) => retryDelayMs(failure('network'), retry, true, policy, random));
    expect(delays[2]).toBeUndefined();
    expect(delays[0]).toBeGreaterThanOrEqual(policy.baseMs / 2);
    expect(delays[0]).toBeLessThanOrEqual(policy.baseMs);
    expect(delays[1]).toBeGreaterThanOrEqual(policy.baseMs);
    expect(delays[1]).toBeLessThanOrEqual(policy.baseMs * 2);
    const far = retryDelayMs(failure('network'), 40, true, { ...policy, maxRetries: 50 }, () => 1);
    expect(far).toBe(policy.maxMs);
  });

  it('spreads the delays of many clients instead of sending them back together', () => {
    const random = seededRandom(11);
    const delays = Array.from({ length: 100 }, () => retryDelayMs(failure('timeout'), 1, true, policy, random));
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe('withRetries', () => {
  const run = (outcomes: (AutotaskError | 'ok')[], idempotent: boolean) => {
    const waits: number[] = [];
    let attempts = 0;
    const result = withRetries(
      async () => {
        const outcome = outcomes[attempts++];
        if (outcome !== 'ok') throw outcome;
        return 'done';
      },
      { idempotent, policy, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    );
    return { result, waits, attempts: () => attempts };
  };

  it('answers with the first success after transient failures', async () => {
    const call = run([failure('server-error'), failure('network'), 'ok'], true);
    await expect(call.result).resolves.toBe('done');
    expect(call.attempts()).toBe(3);
    expect(call.waits).toEqual([375, 750]);
  });

  it('gives up with the last error after 1 + maxRetries attempts', async () => {
    const call = run([failure('timeout'), failure('timeout'), failure('server-error'), 'ok'], true);
    await expect(call.result).rejects.toMatchObject({ kind: 'server-error' });
    expect(call.attempts()).toBe(3);
  });

  it('makes exactly one attempt for a write or a 429', async () => {
    const write = run([failure('server-error'), 'ok'], false);
    await expect(write.result).rejects.toMatchObject({ kind: 'server-error' });
    const limited = run([new AutotaskThrottledError('rate-limited', '429', 1000), 'ok'], true);
    await expect(limited.result).rejects.toMatchObject({ kind: 'rate-limited' });
    expect([write.attempts(), limited.attempts()]).toEqual([1, 1]);
    expect([...write.waits, ...limited.waits]).toEqual([]);
  });
});
