/** A tiny typed set of listeners. A listener that throws does not stop the others or the caller: its error is
 * re-raised on its own turn, where it is reported as uncaught instead of being swallowed. */
export type Listener<T> = (event: T) => void;

export class ListenerSet<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Adds a listener; the returned function removes it. */
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
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
  }
}
