/**
 * A tiny typed set of listeners. A listener that throws does not stop the others or the caller: its error is
 * re-raised on its own turn, where it is reported as uncaught instead of being swallowed. An event emitted by a
 * listener while an event is being delivered waits until every listener has heard the first, so all of them hear
 * events in the order they happened (the engine's own listener releases calls, which can change the state again).
 */
export type Listener<T> = (event: T) => void;

export class ListenerSet<T> {
  private readonly listeners = new Set<Listener<T>>();
  private readonly pending: T[] = [];
  private emitting = false;

  /** Adds a listener; the returned function removes it. */
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    this.pending.push(event);
    if (this.emitting) return;
    this.emitting = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) this.deliver(next);
    } finally {
      this.emitting = false;
    }
  }

  private deliver(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
    this.pending.length = 0;
  }
}
