import { startProbe, type ProbeCall } from '../gateway/harness';

/** What the stand-in tenant says of its usage: 1% of its limit, so the throttle lets every call go at once. */
const usage = { externalRequestThreshold: 10_000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 100 };

/**
 * A stand-in tenant for a host run in a child process: it answers zone discovery and the usage reading at once,
 * and hands every other call to the test, which answers it when it chooses: a call in flight for as long as a
 * test needs one.
 */
export async function startHeldTenant() {
  const arrived: ProbeCall[] = [];
  const takers: Array<(call: ProbeCall) => void> = [];
  const probe = await startProbe((call) => {
    if (call.url.includes('/zoneInformation')) return call.answer(200, JSON.stringify({ url: probe.baseUrl }));
    if (call.url.includes('/ThresholdInformation')) return call.answer(200, JSON.stringify(usage));
    const taker = takers.shift();
    if (taker) taker(call);
    else arrived.push(call);
  });
  return {
    /** The Autotask URL to give the host (`--autotask-url`): zone discovery there points back here. */
    baseUrl: probe.baseUrl,
    /** The next call that is not a usage reading, once it has arrived; it waits for the test's answer. */
    nextCall(): Promise<ProbeCall> {
      const call = arrived.shift();
      return call ? Promise.resolve(call) : new Promise((resolve) => takers.push(resolve));
    },
    close: probe.close,
  };
}
