/**
 * nonCriticalBound: an upper bound on the non-critical work an all-knowing scheduler could have done without the
 * tenant's window ever holding more than sleepAt requests.
 *
 * Such a scheduler still has to let the others' requests and our critical calls through as they come. Take any
 * stretch of time no longer than the window: some window position covers all of it, so the non-critical calls
 * sent inside it are at most sleepAt minus the others' and critical requests in that covering window (never below
 * zero). Cut the run into such stretches, one window long, starting at an offset (the first and last stretches
 * shorter, each measured against the full window that ends where it ends); the scheduler can do no more than the
 * sum of their allowances, and no more than the demand that has arrived by the end of each stretch (greedy over
 * the stretches in order, which is the best any order can do against those two limits). Every offset gives a
 * valid bound, so the smallest, over offsets a minute apart, is taken. The bound ignores Headroom's own polls: the
 * all-knowing scheduler does not need them.
 */
import type { Workload } from './workload';

const SECOND = 1000;

export function nonCriticalBound(workload: Workload, sleepAt: number): number {
  const windowSeconds = workload.windowMs / SECOND;
  const runSeconds = workload.durationMs / SECOND;
  // load[i] and demand[i] for second i of the run, with the others' history in front of load.
  const load = Float64Array.from(workload.othersPerSecond);
  const demand = new Float64Array(runSeconds);
  for (const call of workload.calls) {
    const second = Math.floor(call.wantedAt / SECOND);
    if (call.priority === 'critical') load[windowSeconds + second] = (load[windowSeconds + second] ?? 0) + 1;
    else demand[second] = (demand[second] ?? 0) + 1;
  }
  const loadPrefix = prefixSums(load);
  const demandPrefix = prefixSums(demand);
  /** Others' and critical requests in the window that ends at the end of run second `endSecond` (exclusive). */
  const loadInWindowEndingAt = (endSecond: number) =>
    (loadPrefix[windowSeconds + endSecond] ?? 0) - (loadPrefix[endSecond] ?? 0);

  let best = Number.POSITIVE_INFINITY;
  for (let offset = 0; offset < windowSeconds; offset += 60) {
    const cuts = [0];
    for (let cut = offset === 0 ? windowSeconds : offset; cut < runSeconds; cut += windowSeconds) cuts.push(cut);
    cuts.push(runSeconds);
    let done = 0;
    for (let i = 1; i < cuts.length; i++) {
      const end = cuts[i] ?? runSeconds;
      const allowance = Math.max(0, sleepAt - loadInWindowEndingAt(end));
      done += Math.min(allowance, (demandPrefix[end] ?? 0) - done);
    }
    best = Math.min(best, done);
  }
  return best;
}

function prefixSums(values: Float64Array): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) sums[i + 1] = (sums[i] ?? 0) + (values[i] ?? 0);
  return sums;
}
