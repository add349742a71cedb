import type { Clock, TimerId } from '../core/clock';

/** Figures that merely move are told at most this often: a busy gateway must not flood the popover or a browser. */
export const SNAPSHOT_SPACING_MS = 1_000;

/**
 * Decides when a fresh snapshot is told. A change of state is told at once; figures that move (a reading, a call
 * through the gateway) at once if the last telling was a second ago or more, else once when the second is up,
 * however many moved meanwhile.
 */
export class SnapshotPacer {
  #lastToldAt = Number.NEGATIVE_INFINITY;
  #timer: TimerId | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly tell: () => void,
  ) {}

  /** The state changed: told now, and the figures that moved meanwhile with it. */
  tellNow(): void {
    this.#cancel();
    this.#lastToldAt = this.clock.now();
    this.tell();
  }

  /** Figures moved: told now or at the end of the second, once. */
  tellSoon(): void {
    if (this.#timer !== undefined) return;
    const wait = this.#lastToldAt + SNAPSHOT_SPACING_MS - this.clock.now();
    if (wait <= 0) return this.tellNow();
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.tellNow();
    }, wait);
  }

  stop(): void {
    this.#cancel();
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
