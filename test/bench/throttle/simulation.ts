/**
 * Runs one scenario under one policy in virtual time: the others' requests arrive second by second, each of our
 * streams runs its client threads (send, wait for the answer, take the next; on a 429 wait Retry-After and try the
 * same call again), and the policy decides when each call of ours may go. Calls stay wanted until sent: a policy
 * that holds work only delays it, and work still waiting at the end is simply not done.
 */
import { seededRandom } from '../../../electron/simulator/seeded-random';
import { EventClock } from './event-clock';
import type { Policy } from './policy';
import { RoomWatch } from './room-watch';
import type { Scenario } from './scenarios';
import { RETRY_AFTER_MS, TenantModel } from './tenant';
import type { Call, Workload } from './workload';

export const LIMIT = 10_000;
export const SLEEP_AT = 9_000;
/** Headroom's default criticalStopAt (98%): past it even critical calls are held. */
export const CRITICAL_STOP_AT = 9_800;
/** Where a sleeping connection resumes by the default settings. */
export const RESUME_BELOW = 7_000;
/** Virtual start: a Monday morning. */
export const START = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface RunResult {
  upstream429: number;
  criticalHeld: number;
  criticalDelayP99Ms: number;
  nonCriticalDone: number;
  /** Of upstream429, the ones answered to us (our calls and our reads of the counter). */
  upstream429Ours: number;
  /** Critical calls that waited with room below criticalStopAt for longer than a reading takes (room-watch.ts). */
  criticalHeldWithRoom: number;
  /** Worst time with room below sleepAt before our non-critical calls flowed again (room-watch.ts); ms. */
  resumeDelayMs: number | undefined;
  resumeDelayOpen: boolean;
  /** For a scenario with marks: the upstream 429s from each mark to the next (the last one to the end). */
  upstream429BySpan?: number[];
  diagnostics: Record<string, number>;
}

export async function simulate(scenario: Scenario, workload: Workload, policy: Policy): Promise<RunResult> {
  const clock = new EventClock(START);
  const tenant = new TenantModel(LIMIT, workload.windowMs, SLEEP_AT);
  const historySeconds = workload.windowMs / 1000;
  for (let i = 0; i < historySeconds; i++) {
    tenant.request(START + (i - historySeconds) * 1000, 'others', workload.othersPerSecond[i] ?? 0);
  }
  const end = START + workload.durationMs;
  const watch = new RoomWatch(tenant, {
    sleepAt: SLEEP_AT,
    resumeBelow: RESUME_BELOW,
    criticalStopAt: CRITICAL_STOP_AT,
    retryAfterMs: RETRY_AFTER_MS,
  });
  const tick = (second: number) => {
    tenant.request(clock.now(), 'others', workload.othersPerSecond[historySeconds + second] ?? 0);
    watch.sample(clock.now());
    if (START + (second + 1) * 1000 < end) clock.setTimeout(() => tick(second + 1), 1000);
  };
  clock.setTimeout(() => tick(0), 0);

  const sentAt = new Float64Array(workload.calls.length).fill(Number.NaN);
  const rejectedOnce = new Uint8Array(workload.calls.length);
  let nonCriticalDone = 0;
  const streams = scenario.streams.map((spec) => {
    const waiting: Call[] = [];
    let head = 0;
    let idle = spec.threads;
    const attempt = (call: Call) => policy.permit(call, () => send(call));
    const work = () => {
      const call = waiting[head];
      if (!call) {
        idle++;
        return;
      }
      head++;
      attempt(call);
    };
    const send = (call: Call) => {
      const now = clock.now();
      const accepted = tenant.request(now, 'ours') === 1;
      policy.answered?.(call, accepted);
      if (accepted) {
        watch.accepted(call);
        sentAt[call.index] = now - START;
        if (call.priority !== 'critical') nonCriticalDone++;
        clock.setTimeout(work, tenant.latencyMs(now));
      } else {
        rejectedOnce[call.index] = 1;
        clock.setTimeout(() => attempt(call), RETRY_AFTER_MS);
      }
    };
    return {
      arrive(call: Call) {
        watch.wanted(call);
        waiting.push(call);
        if (idle > 0) {
          idle--;
          work();
        }
      },
    };
  });
  for (const call of workload.calls) {
    clock.setTimeout(() => streams[call.stream]?.arrive(call), call.wantedAt);
  }

  policy.start({ clock, tenant, random: seededRandom(scenario.seed ^ 0x5eed) });
  await clock.runUntil(end);
  policy.stop();
  tenant.finish(end);
  const room = watch.finish();

  const criticalDelays: number[] = [];
  let criticalHeld = 0;
  for (const call of workload.calls) {
    if (call.priority !== 'critical') continue;
    const at = sentAt[call.index] ?? Number.NaN;
    const delay = Number.isNaN(at) ? workload.durationMs - call.wantedAt : at - call.wantedAt;
    criticalDelays.push(delay);
    if (delay > 0 || rejectedOnce[call.index]) criticalHeld++;
  }
  return {
    upstream429: tenant.rejected.ours + tenant.rejected.others,
    criticalHeld,
    criticalDelayP99Ms: percentile(criticalDelays, 0.99),
    nonCriticalDone,
    upstream429Ours: tenant.rejected.ours,
    ...room,
    ...(scenario.marks && { upstream429BySpan: bySpan(tenant, scenario.marks, end) }),
    diagnostics: {
      ...policy.diagnostics(),
      rejectedOurs: tenant.rejected.ours,
      rejectedOthers: tenant.rejected.others,
      peakPercent: (tenant.peak / LIMIT) * 100,
      minutesAtOrAboveSleepAt: tenant.msAboveWatch / 60_000,
    },
  };
}

function bySpan(tenant: TenantModel, marks: readonly number[], end: number): number[] {
  return marks.map((mark, i) => {
    const next = marks[i + 1];
    return tenant.rejectedBetween(START + mark, next === undefined ? end : START + next);
  });
}

function percentile(values: number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}
