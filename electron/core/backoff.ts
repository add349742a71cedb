/**
 * Exponential backoff with jitter (half fixed, half random), bounded: retries spread out instead of arriving
 * together, never come back sooner than half the step, and no delay exceeds `maxMs`. `random` is injected so tests and benchmarks are deterministic.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
