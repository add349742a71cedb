/**
 * For waits that are usually over before they begin (the gate lets most calls go at once, a thread slot is
 * usually free): the answer at once when there is one, with no promise, no timer and no AbortSignal made for it;
 * otherwise a promise of it and a way to stop waiting.
 */

/** An answer still to come, and a way for the one waiting for it to stop waiting. */
export interface Later<T> {
  value: Promise<T>;
  withdraw: () => void;
}

export type NowOrLater<T> = { now: T } | Later<T>;

/**
 * Runs `start`, which calls `settle` exactly once, before returning or afterwards, and returns its own way to
 * withdraw: the answer now if it came before `start` returned, else the promise of it.
 */
export function nowOrLater<T>(start: (settle: (value: T) => void) => () => void): NowOrLater<T> {
  let answered: { now: T } | undefined;
  let later: ((value: T) => void) | undefined;
  const withdraw = start((value) => {
    if (later) later(value);
    else answered = { now: value };
  });
  if (answered) return answered;
  return { value: new Promise<T>((resolve) => (later = resolve)), withdraw };
}

/** Waits for `promise`, unless withdrawn first: then it rejects with `reason()` at once (the promise goes on). */
export function withdrawable<T>(promise: Promise<T>, reason: () => Error): Later<T> {
  let stop: ((error: Error) => void) | undefined;
  const value = new Promise<T>((resolve, reject) => {
    stop = reject;
    promise.then(resolve, reject);
  });
  return { value, withdraw: () => stop?.(reason()) };
}
