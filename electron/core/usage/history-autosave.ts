import type { Clock, TimerId } from '../clock';
import type { UsageHistory } from './history';
import { readHistorySnapshot } from './history-snapshot';
import type { HistoryStore } from './history-store';

export interface HistoryAutosaveOptions {
  history: UsageHistory;
  store: HistoryStore;
  clock: Clock;
  /** Changes are written this long after the first unsaved one (default 5 s): one write for many changes. */
  delayMs?: number;
  /** Loading or saving went wrong, in words a person can act on. Recording goes on regardless. */
  onProblem?: (message: string) => void;
}

/**
 * A crash (kill -9, power lost) loses at most this much of the history; a clean stop loses nothing. Nothing is
 * written while nothing changes, and a week of hours is a few kilobytes, so a write every few seconds is cheap.
 */
export const DEFAULT_HISTORY_SAVE_DELAY_MS = 5_000;

/**
 * Keeps the hourly history in its store: loads the last run's hours into it at start, writes changes coalesced
 * on the clock, one write at a time, and flush() writes what is left at shutdown.
 */
export class HistoryAutosave {
  readonly #history: UsageHistory;
  readonly #store: HistoryStore;
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #onProblem?: (message: string) => void;
  readonly #unsubscribe: () => void;
  #unsaved = false;
  #timer: TimerId | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(options: HistoryAutosaveOptions) {
    this.#history = options.history;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#delayMs = options.delayMs ?? DEFAULT_HISTORY_SAVE_DELAY_MS;
    this.#onProblem = options.onProblem;
    this.#unsubscribe = this.#history.onChange(() => this.#changed());
  }

  /** Adds the stored hours to the history; a store that cannot be read is reported and the history starts afresh. */
  async restore(): Promise<void> {
    try {
      const stored = await this.#store.load();
      if (stored !== undefined) this.#history.restore(readHistorySnapshot(stored));
    } catch (error) {
      this.#onProblem?.(wordsOf(error, 'Could not load the usage history; a new one was started.'));
    }
  }

  /** Writes whatever is unsaved now, after any write already under way. */
  flush(): Promise<void> {
    this.#cancelTimer();
    this.#writes = this.#writes.then(() => this.#writeIfUnsaved());
    return this.#writes;
  }

  /** The last write, then no more: for shutdown. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.flush();
  }

  #changed(): void {
    this.#unsaved = true;
    this.#timer ??= this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#delayMs);
  }

  async #writeIfUnsaved(): Promise<void> {
    if (!this.#unsaved) return;
    this.#unsaved = false;
    try {
      await this.#store.save(this.#history.snapshot());
    } catch (error) {
      // Kept as unsaved: the next change schedules another try.
      this.#unsaved = true;
      this.#onProblem?.(wordsOf(error, 'Could not save the usage history.'));
    }
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function wordsOf(error: unknown, fallback: string): string {
  const userMessage = error instanceof Error && 'userMessage' in error ? error.userMessage : undefined;
  return typeof userMessage === 'string' ? userMessage : fallback;
}
