/**
 * A virtual clock for simulated hours: a binary heap of timers, so a run with tens of thousands of waiting calls
 * costs log n per timer instead of the linear scans of VirtualClock (which is built for tests of a few timers).
 * Timers due at the same time fire in the order they were set. After each timer, promise continuations are let
 * run only when something asked for it (the Poller reads the counter through promises), which keeps the run fast.
 */
import type { Clock, TimerId } from '../../../electron/core/clock';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

export class EventClock implements Clock {
  private current: number;
  private seq = 0;
  private heap: Timer[] = [];
  private readonly cancelled = new Set<number>();
  private asyncWorkPending = false;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerId {
    const timer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback };
    this.push(timer);
    return timer.seq;
  }

  clearTimeout(id: TimerId): void {
    if (typeof id === 'number') this.cancelled.add(id);
  }

  /** Something started promise-based work: let continuations run after the current timer. */
  expectAsyncWork(): void {
    this.asyncWorkPending = true;
  }

  /** Runs every timer due up to `endMs`, in order, then stops the clock at `endMs`. */
  async runUntil(endMs: number): Promise<void> {
    for (let timer = this.heap[0]; timer && timer.at <= endMs; timer = this.heap[0]) {
      this.pop();
      if (this.cancelled.delete(timer.seq)) continue;
      this.current = Math.max(this.current, timer.at);
      timer.callback();
      while (this.asyncWorkPending) {
        this.asyncWorkPending = false;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.current = Math.max(this.current, endMs);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(timer);
    for (let parent = heap[(i - 1) >> 1]; i > 0 && parent && earlier(timer, parent); parent = heap[(i - 1) >> 1]) {
      heap[i] = parent;
      i = (i - 1) >> 1;
    }
    heap[i] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = heap[2 * i + 1];
      const right = heap[2 * i + 2];
      const child = right && left && earlier(right, left) ? 2 * i + 2 : 2 * i + 1;
      const smaller = heap[child];
      if (!smaller || !earlier(smaller, last)) break;
      heap[i] = smaller;
      i = child;
    }
    heap[i] = last;
  }
}

function earlier(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
