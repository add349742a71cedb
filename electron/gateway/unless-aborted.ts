/**
 * Waits for `promise`, or stops waiting the moment `signal` aborts, rejecting with its reason. The promise itself
 * goes on: other calls may be waiting for the same one (the zone lookup is shared).
 */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stopWaiting = () => reject(signal.reason);
    signal.addEventListener('abort', stopWaiting, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stopWaiting));
  });
}
