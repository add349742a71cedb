import type { Clock, TimerId } from '../../electron/core/clock';

interface VirtualTimer {
  id: TimerId;
  dueAt: number;
  callback: () => void;
}

/**
 * A clock that moves only when told to, for tests of a few timers at a time (the benchmarks' simulated hours run on
 * test/bench/throttle/event-clock.ts, built for tens of thousands).
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: VirtualTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): number {
    const id = this.nextId++;
    this.timers.push({ id, dueAt: this.current + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.timers = this.timers.filter((timer) => timer.id !== id);
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order of due time. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(targetMs: number): void {
    for (let timer = this.nextDue(targetMs); timer; timer = this.nextDue(targetMs)) {
      this.timers = this.timers.filter((t) => t !== timer);
      this.current = Math.max(this.current, timer.dueAt);
      timer.callback();
    }
    this.current = Math.max(this.current, targetMs);
  }

  /** Like advance, but lets promise continuations run after each timer (for async code under test). */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.timers = this.timers.filter((t) => t !== timer);
      this.current = Math.max(this.current, timer.dueAt);
      timer.callback();
      await settle();
    }
    this.current = Math.max(this.current, target);
  }

  private nextDue(limitMs: number): VirtualTimer | undefined {
    let earliest: VirtualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.dueAt <= limitMs && (!earliest || timer.dueAt < earliest.dueAt)) earliest = timer;
    }
    return earliest;
  }
}

/** Lets queued promise continuations run: a macrotask turn, so chains of awaits all settle. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
