import { AutotaskError, AutotaskThrottledError } from '../autotask/errors';
import { DEFAULT_RETRY_AFTER_MS } from '../autotask/retry-after';
import type { UpstreamRejection } from '../core/throttle/rejection';
import type { UsageFigures } from '../core/usage/sample';

/** Why one poll brought no sample, in the words the connection status shows. */
export interface PollFailure {
  /** Fit to show as is: never a secret, never a stack. */
  message: string;
  /** Autotask rejected the credentials: no retry helps until they change. */
  authFailed: boolean;
  /** Autotask refused the poll itself for load: the engine sleeps, and the next poll waits for Retry-After. */
  rejection?: UpstreamRejection;
}

/** The poll took longer than the poller waits. */
export class PollTimeout extends Error {
  override readonly name = 'PollTimeout';
  readonly userMessage: string;

  constructor(timeoutMs: number) {
    super(`ThresholdInformation: no answer within ${timeoutMs} ms`);
    this.userMessage = `Autotask did not answer the usage check within ${Math.ceil(timeoutMs / 1000)} s.`;
  }
}

/** What went wrong with the poll sent at `sentAt`, told from what its read threw. */
export function describePollError(error: unknown, sentAt: number): PollFailure {
  if (error instanceof PollTimeout) return { message: error.userMessage, authFailed: false };
  // Any other error may carry a request, a header or a secret in its text: only Autotask's own words are shown.
  if (!(error instanceof AutotaskError))
    return { message: "Headroom could not read the tenant's usage.", authFailed: false };
  const failure: PollFailure = {
    message: error.userMessage,
    authFailed: error.kind === 'bad-credentials' || error.kind === 'unknown-user',
  };
  if (error.kind === 'rate-limited' || error.kind === 'thread-limit') {
    const retryAfterMs = error instanceof AutotaskThrottledError ? error.retryAfterMs : DEFAULT_RETRY_AFTER_MS;
    failure.rejection = { kind: error.kind, retryAfterMs, sentAt };
  }
  return failure;
}

/** Unknown usage must never pass for a reading: an answer with a field that is not a usable number is a failure. */
export function describeUnusableAnswer(answer: UsageFigures): PollFailure | undefined {
  const problem = problemWith(answer);
  if (problem === undefined) return undefined;
  return { message: `Autotask's usage answer could not be used: ${problem}.`, authFailed: false };
}

function problemWith({ used, limit, timeframeMinutes }: UsageFigures): string | undefined {
  if (!(Number.isFinite(used) && used >= 0)) return `the request count is ${String(used)}`;
  if (!(Number.isFinite(limit) && limit > 0)) return `the limit is ${String(limit)}`;
  if (!(Number.isFinite(timeframeMinutes) && timeframeMinutes > 0))
    return `the timeframe is ${String(timeframeMinutes)}`;
  return undefined;
}
