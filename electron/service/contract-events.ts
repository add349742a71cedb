import type { ContractEvents, EventName } from '../contract';
import { ListenerSet } from '../core/throttle/listeners';

type Listeners = { [E in EventName]: ListenerSet<ContractEvents[E]> };

/**
 * The contract's events, each with its own listeners, delivered as the engine delivers its own: in order, and a
 * listener that throws (a transport whose window or browser went away) does not keep the others from hearing.
 */
export class ContractEventHub {
  readonly #listeners: Listeners = { snapshotChanged: new ListenerSet(), notice: new ListenerSet() };

  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
    return this.#listeners[event].add(listener);
  }

  emit<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    this.#listeners[event].emit(payload);
  }
}
