/**
 * Autotask's thread limit: at most 3 calls in flight per (integration code, entity endpoint). A call holds its
 * slot from the moment it is accepted until its answer is written (or its client hangs up), latency included.
 */
export const threadsPerEndpoint = 3;

export class ThreadLimiter {
  private readonly inFlight = new Map<string, number>();

  /** Takes a slot, or returns undefined when all are taken; the returned release is safe to call more than once. */
  tryAcquire(integrationCode: string, entity: string): (() => void) | undefined {
    const key = `${integrationCode}\u0000${entity.toLowerCase()}`;
    const taken = this.inFlight.get(key) ?? 0;
    if (taken >= threadsPerEndpoint) return undefined;
    this.inFlight.set(key, taken + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }
}
