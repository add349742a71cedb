import { backoffDelay, type BackoffPolicy } from '../core/backoff';
import { AutotaskError, type AutotaskErrorKind } from './errors';

/**
 * Only reads are retried, only after failures that may pass (network, 5xx, timeout), a bounded number of times
 * with jittered backoff. A 429 or thread-limit answer is never retried here: every retry is one more request
 * against the tenant's limit, so the throttle controller above decides when to call again.
 */
export interface RetryPolicy extends BackoffPolicy {
  maxRetries: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 2, baseMs: 500, maxMs: 4_000 };

const TRANSIENT: ReadonlySet<AutotaskErrorKind> = new Set(['network', 'server-error', 'timeout']);

/** How long to wait before retry number `retry` (0 for the first), or undefined when the call must not be retried. */
export function retryDelayMs(
  error: unknown,
  retry: number,
  idempotent: boolean,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (!idempotent || retry >= policy.maxRetries) return undefined;
  if (!(error instanceof AutotaskError) || !TRANSIENT.has(error.kind)) return undefined;
  return backoffDelay(retry, policy, random);
}

export interface RetryOptions {
  idempotent: boolean;
  policy: RetryPolicy;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = retryDelayMs(error, retry, options.idempotent, options.policy, options.random);
      if (delayMs === undefined) throw error;
      await options.sleep(delayMs, options.signal);
    }
  }
}
