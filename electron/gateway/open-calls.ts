/** What the list needs of a call: a place to keep its own position. */
export interface Listed {
  /** Its index in the list while it is in it; only OpenCalls writes it. */
  listIndex: number;
}

/**
 * The calls under way, which shutting down answers and waits for. Not a Set: with calls added and deleted
 * thousands of times a second, finished calls stayed reachable through the Set's table long enough to be
 * promoted to the old generation, and the gateway spent 25 µs per call in garbage collection against the plain
 * proxy's 8 (`npx tsx test/bench/gateway.ts overhead --latency 0`, "of which GC"; 9 with this list). Here a call
 * is let go of the moment it is removed: the last one takes its place.
 */
export class OpenCalls<T extends Listed> {
  private readonly calls: T[] = [];

  add(call: T): void {
    call.listIndex = this.calls.length;
    this.calls.push(call);
  }

  /** Removing a call that is not in the list does nothing. */
  remove(call: T): void {
    const at = call.listIndex;
    if (this.calls[at] !== call) return;
    const last = this.calls.pop() as T;
    if (last !== call) {
      this.calls[at] = last;
      last.listIndex = at;
    }
    call.listIndex = -1;
  }

  /** The calls under way now, in no particular order; a copy, so calls may end while it is walked. */
  all(): T[] {
    return [...this.calls];
  }
}
