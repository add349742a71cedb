/**
 * Which kind a scenario is, computed from its traffic (the workload every policy faces), not labelled by hand.
 *
 * The load no policy may hold back is the others' requests and our critical calls, as they come: `load(t)`, their
 * requests in the window ending at `t`. A policy that uses the room up to sleepAt may have filled the window to
 * sleepAt just before a burst of theirs; its own calls then leave only as they expire, so the burst has to fit in
 * the room between sleepAt and criticalStopAt, where every call of ours, critical or not, can still pass and no
 * 429 is near. The others' load **fits** when
 *
 * 1. `load` never rises by more than criticalStopAt - sleepAt within any span of up to RISE_SPAN_MS (5 min):
 *    over longer spans the policy has seen the rise (Headroom reads the counter every 30 s near a threshold) and
 *    its own earlier calls, leaving the window, make room; and
 * 2. `load` never reaches criticalStopAt on its own.
 *
 * When it fits, a policy that stops adding non-critical calls as soon as a burst starts keeps the window below
 * criticalStopAt, so the old targets hold: no 429, no critical call held. When it does not, a policy that uses the
 * room up to sleepAt and cannot see the burst coming is pushed past criticalStopAt (critical calls wait, by
 * design) or to the cap (429s): no policy without foresight meets those targets, and the scenario is judged on
 * holding critical calls no longer than the cap forces and on resuming as soon as room returns.
 */
import { TenantModel } from './tenant';
import type { Workload } from './workload';

const SECOND = 1000;
export const RISE_SPAN_MS = 5 * 60_000;

export interface LoadFit {
  fits: boolean;
  /** The largest rise of `load` within RISE_SPAN_MS. */
  rise: number;
  /** The highest `load` reached during the run. */
  peak: number;
  /** 429s the others would get with no call of ours at all (the tenant refusing what they alone send past the limit). */
  othersAlone429: number;
}

export function loadFit(
  workload: Workload,
  limits: { limit: number; sleepAt: number; criticalStopAt: number },
): LoadFit {
  const windowSeconds = workload.windowMs / SECOND;
  const runSeconds = workload.durationMs / SECOND;
  // Per second: the others' requests (the history hour first), then our critical calls by the second they want to go.
  const perSecond = Float64Array.from(workload.othersPerSecond);
  for (const call of workload.calls) {
    if (call.priority !== 'critical') continue;
    const i = windowSeconds + Math.floor(call.wantedAt / SECOND);
    perSecond[i] = (perSecond[i] ?? 0) + 1;
  }
  // load[s]: requests in the window that ends at the end of run second s.
  const load = new Float64Array(runSeconds);
  let inWindow = 0;
  for (let i = 0; i < windowSeconds; i++) inWindow += perSecond[i] ?? 0;
  for (let s = 0; s < runSeconds; s++) {
    inWindow += (perSecond[windowSeconds + s] ?? 0) - (perSecond[s] ?? 0);
    load[s] = inWindow;
  }
  // The largest load[t'] - load[t] with 0 <= t' - t <= span: a sliding minimum over the span before each second.
  const span = RISE_SPAN_MS / SECOND;
  const minima: number[] = [];
  let head = 0;
  let rise = 0;
  let peak = 0;
  for (let s = 0; s < runSeconds; s++) {
    const value = load[s] ?? 0;
    while (minima.length > head && (load[minima[minima.length - 1] ?? 0] ?? 0) >= value) minima.pop();
    minima.push(s);
    while ((minima[head] ?? s) < s - span) head++;
    rise = Math.max(rise, value - (load[minima[head] ?? s] ?? 0));
    peak = Math.max(peak, value);
  }
  const room = limits.criticalStopAt - limits.sleepAt;
  return {
    fits: rise <= room && peak < limits.criticalStopAt,
    rise,
    peak,
    othersAlone429: othersAlone429(workload, limits.limit),
  };
}

function othersAlone429(workload: Workload, limit: number): number {
  const tenant = new TenantModel(limit, workload.windowMs, limit);
  const historySeconds = workload.windowMs / SECOND;
  for (let i = 0; i < workload.othersPerSecond.length; i++) {
    tenant.request((i - historySeconds) * SECOND, 'others', workload.othersPerSecond[i] ?? 0);
  }
  return tenant.rejected.others;
}
