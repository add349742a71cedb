/**
 * A first-in first-out queue that can also drop an entry from the middle (a call that timed out or whose caller
 * went away) without shifting the array: removed entries are only marked, and skipped when they reach the head.
 */
export class WaitingQueue<T extends object> {
  private items: T[] = [];
  private head = 0;
  private readonly removed = new WeakSet<T>();
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(item: T): void {
    this.items.push(item);
    this.live++;
  }

  peek(): T | undefined {
    this.skipRemoved();
    return this.items[this.head];
  }

  shift(): T | undefined {
    const item = this.peek();
    if (item === undefined) return undefined;
    this.head++;
    this.live--;
    this.compact();
    return item;
  }

  /** Marks an entry gone. Only for an entry still waiting: the caller knows, so the queue need not search. */
  remove(item: T): void {
    if (this.removed.has(item)) return;
    this.removed.add(item);
    this.live--;
  }

  /** Every entry still waiting, oldest first. */
  drain(): T[] {
    const rest = this.items.slice(this.head).filter((item) => !this.removed.has(item));
    this.items = [];
    this.head = 0;
    this.live = 0;
    return rest;
  }

  private skipRemoved(): void {
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      if (item === undefined || !this.removed.has(item)) return;
      this.head++;
    }
  }

  /**
   * Lets go of what has left the queue. Emptied, it starts afresh: nearly every call through the gateway passes
   * straight through the queue, and entries kept until a later compaction would outlive young-generation garbage
   * collections (each keeps its call's callback alive), to be copied and promoted for nothing. Otherwise the
   * consumed prefix is dropped now and then.
   */
  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
