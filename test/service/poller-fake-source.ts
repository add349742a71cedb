import { AutotaskError } from '../../electron/autotask/errors';
import { VirtualClock } from '../support/virtual-clock';
import type { ConnectionTransition } from '../../electron/core/usage/connection';
import type { UsageFigures, UsageSample } from '../../electron/core/usage/sample';
import { Poller, type PollerOptions, type UsageSource } from '../../electron/service/poller';

/** A tenant counter read in virtual time, which can be told to fail, hang or answer slowly. */
export class FakeUsageSource implements UsageSource {
  reading: UsageFigures = { used: 2_000, limit: 10_000, timeframeMinutes: 60 };
  /** Every read fails with this until cleared. */
  failWith: unknown;
  /** Virtual time each answer takes; Infinity never answers (until aborted). */
  answerAfterMs = 0;
  readonly readsAt: number[] = [];
  readonly signals: AbortSignal[] = [];
  maxConcurrentReads = 0;
  #concurrentReads = 0;
  readonly #failNext: unknown[] = [];

  constructor(private readonly clock: VirtualClock) {}

  /** The next reads fail with these, in order. */
  failNext(...errors: unknown[]): void {
    this.#failNext.push(...errors);
  }

  async read(signal: AbortSignal): Promise<UsageFigures> {
    this.readsAt.push(this.clock.now());
    this.signals.push(signal);
    this.maxConcurrentReads = Math.max(this.maxConcurrentReads, ++this.#concurrentReads);
    try {
      if (this.answerAfterMs > 0) await this.#wait(this.answerAfterMs, signal);
      const failure = this.#failNext.length > 0 ? this.#failNext.shift() : this.failWith;
      if (failure !== undefined) throw failure;
      return { ...this.reading };
    } finally {
      this.#concurrentReads--;
    }
  }

  #wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(ms) ? this.clock.setTimeout(resolve, ms) : undefined;
      signal.addEventListener('abort', () => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        reject(new AutotaskError('aborted', 'ThresholdInformation: cancelled by the caller'));
      });
    });
  }
}

/** A poller on a fresh virtual clock, with everything it reports written down. */
export function pollerOnFakeTenant(options: Omit<Partial<PollerOptions>, 'source' | 'clock'> = {}) {
  const clock = new VirtualClock();
  const source = new FakeUsageSource(clock);
  const samples: UsageSample[] = [];
  const transitions: ConnectionTransition[] = [];
  const pollsSentAt: number[] = [];
  const poller = new Poller({
    source,
    clock,
    random: () => 0,
    onPollSent: (at) => pollsSentAt.push(at),
    ...options,
  });
  poller.onSample((sample) => samples.push(sample));
  poller.onConnectionChange((transition) => transitions.push(transition));
  const startedAt = clock.now();
  /** Virtual milliseconds since the poller was made. */
  const sinceStart = (times: readonly number[]) => times.map((t) => t - startedAt);
  return { clock, source, poller, samples, transitions, pollsSentAt, startedAt, sinceStart };
}
