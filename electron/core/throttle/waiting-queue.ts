/**
 * A first-in first-out queue that can also drop an entry from the middle (a call that timed out or whose caller
 * went away). A plain array: a queue holds at most the gateway's queue limit (500 calls by default), so a search
 * and a shift cost microseconds.
 */
export class WaitingQueue<T> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  /** Takes an entry out wherever it is; one no longer waiting is left alone. */
  remove(item: T): void {
    const at = this.items.indexOf(item);
    if (at >= 0) this.items.splice(at, 1);
  }

  /** Every entry still waiting, oldest first, and the queue emptied. */
  drain(): T[] {
    return this.items.splice(0);
  }
}
