import type { Clock, TimerId } from '../core/clock';
import type { ConnectionHealth, ConnectionStatus, ConnectionTransition } from '../core/usage/connection';
import { pollingBounds } from '../core/usage/poll-interval';
import type { UsageSample } from '../core/usage/sample';

/**
 * How well the tenant's counter can be seen, told from what the polls bring. A failure leaves the connection
 * degraded while the last sample can still be steered by, and offline once it is too old, even if no poll comes
 * in between to say so.
 */
export class ConnectionHealthTracker {
  readonly #clock: Clock;
  readonly #listeners = new Set<(transition: ConnectionTransition) => void>();
  #status: ConnectionStatus;
  #lastSampleAt: number | undefined;
  #sampleGoodUntil = Number.NEGATIVE_INFINITY;
  #offlineTimer: TimerId | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
    // Nothing is known before the first answer: offline until then, so no one steers by a counter never read.
    this.#status = { health: 'offline', since: clock.now() };
  }

  /** The health alone: read on every call through the gateway, so it builds nothing. */
  get health(): ConnectionHealth {
    return this.#status.health;
  }

  get status(): ConnectionStatus {
    return { ...this.#status, ...(this.#lastSampleAt === undefined ? {} : { lastSampleAt: this.#lastSampleAt }) };
  }

  /** Called on every change of health or of the last error's words, never for a poll that changes neither. */
  onChange(listener: (transition: ConnectionTransition) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  sampleArrived(sample: UsageSample): void {
    this.#lastSampleAt = sample.takenAt;
    this.#sampleGoodUntil = sample.takenAt + pollingBounds(sample).sampleGoodForMs;
    this.#cancelGoingOffline();
    this.#setHealth('ok');
  }

  pollFailed(message: string): void {
    if (this.#clock.now() < this.#sampleGoodUntil) {
      this.#goOfflineWhenSampleExpires();
      this.#setHealth('degraded', message);
    } else {
      this.#setHealth('offline', message);
    }
  }

  credentialsRejected(message: string): void {
    this.#cancelGoingOffline();
    this.#setHealth('auth-failed', message);
  }

  /** Leaves no timer behind (the poller stopped). */
  stop(): void {
    this.#cancelGoingOffline();
  }

  #goOfflineWhenSampleExpires(): void {
    if (this.#offlineTimer !== undefined) return;
    this.#offlineTimer = this.#clock.setTimeout(() => {
      this.#offlineTimer = undefined;
      if (this.#status.health === 'degraded') this.#setHealth('offline', this.#status.lastError);
    }, this.#sampleGoodUntil - this.#clock.now());
  }

  #cancelGoingOffline(): void {
    if (this.#offlineTimer !== undefined) this.#clock.clearTimeout(this.#offlineTimer);
    this.#offlineTimer = undefined;
  }

  #setHealth(health: ConnectionHealth, lastError?: string): void {
    const from = this.status;
    if (from.health === health && from.lastError === lastError) return;
    const at = this.#clock.now();
    this.#status = {
      health,
      since: from.health === health ? from.since : at,
      ...(lastError === undefined ? {} : { lastError }),
    };
    const transition: ConnectionTransition = { from, to: this.status, at };
    for (const listener of this.#listeners) listener(transition);
  }
}
