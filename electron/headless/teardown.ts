/**
 * What a host has started, stopped the other way round: the parts already running when a start fails, all of them
 * at shutdown. Every part is stopped even when one before it throws, so a failure in one never leaves the gateway
 * listening, the history unsaved or the token file behind; the first failure is thrown once all are done.
 */
export class Teardown {
  readonly #stops: Array<() => unknown> = [];
  #done: Promise<void> | undefined;

  /** `stop` runs before every part added earlier. */
  add(stop: () => unknown): void {
    this.#stops.push(stop);
  }

  /** Stops every part once, however often it is asked. */
  run(): Promise<void> {
    return (this.#done ??= this.#stopAll());
  }

  async #stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const stop of this.#stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
