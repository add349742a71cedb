/**
 * The demo in virtual time, the gateway's HTTP aside: the simulator's counter (its TenantUsage) on a VirtualClock,
 * the real Monitor (poller, engine, notification policy) reading it, the tour steering the other integrations, and
 * the demo workload's calls passing the engine's gate into the same counter, as the gateway would forward them.
 */
import { VirtualClock } from '../../support/virtual-clock';
import type { Notice } from '../../../electron/core/notify/notice';
import { defaultSettings } from '../../../electron/core/settings/settings';
import type { ThrottleTransition } from '../../../electron/core/throttle/state';
import { withDemoSettings } from '../../../electron/service/demo/demo-settings';
import { demoTenantScale } from '../../../electron/service/demo/demo-tenant';
import { startDemoTour } from '../../../electron/service/demo/demo-tour';
import {
  startDemoWorkload,
  type DemoCaller,
  type DemoWorkloadStats,
} from '../../../electron/service/demo/demo-workload';
import { Monitor } from '../../../electron/service/monitor';
import { demoUser } from '../../../electron/simulator';
import { TenantUsage } from '../../../electron/simulator/tenant-usage';

export interface DemoRun {
  /** Every throttle transition, `at` in ms since the start. */
  transitions: Array<ThrottleTransition & { sinceStart: number }>;
  notices: Array<Notice & { sinceStart: number }>;
  /** Wake Up presses, in ms since the start. */
  wakeUps: number[];
  /** The most the tenant's window held at any whole second. */
  peakUsed: number;
  /** Calls (polls included) the simulated tenant would have answered 429: the throttle is there to prevent them. */
  refusedByTenant: number;
  workload: DemoWorkloadStats;
}

/** Runs the demo for `ms` of virtual time; the user presses Wake Up `wakeAfterMs` after each sleep by usage. */
export async function runVirtualDemo({ ms, wakeAfterMs }: { ms: number; wakeAfterMs: number }): Promise<DemoRun> {
  const clock = new VirtualClock();
  const start = clock.now();
  const usage = new TenantUsage(1, demoTenantScale, 'quiet', clock);
  const settings = withDemoSettings(defaultSettings, 'http://127.0.0.1:9/ATServicesRest/');
  const run: DemoRun = {
    transitions: [],
    notices: [],
    wakeUps: [],
    peakUsed: 0,
    refusedByTenant: 0,
    workload: { started: 0, ok: 0, refused: 0, failed: 0, aborted: 0, skipped: 0, inFlight: 0 },
  };
  // What the simulator's ThresholdInformation and entity calls do to the window, without the HTTP around them.
  const admit = (integrationCode: string): boolean => {
    if (usage.isAtLimit()) {
      run.refusedByTenant++;
      return false;
    }
    usage.record(integrationCode);
    return true;
  };
  const { username, secret, integrationCode } = demoUser;
  const monitor = new Monitor({
    credentials: { username, secret, integrationCode },
    settings,
    clock,
    random: () => 0.5,
    usageSource: {
      read: async () => {
        if (!admit(integrationCode)) throw new Error('the simulated tenant refused the poll');
        return {
          used: usage.count(),
          limit: demoTenantScale.limit,
          timeframeMinutes: demoTenantScale.timeframeMinutes,
        };
      },
    },
    showNotice: (notice) => run.notices.push({ ...notice, sinceStart: clock.now() - start }),
  });
  const caller: DemoCaller = {
    send: async (call, signal) => {
      const decision = await monitor.engine.acquire({
        priority: call.priority,
        maxWaitMs: settings.gateway.maxHoldSeconds * 1000,
        signal,
      });
      return decision.go && admit(call.user.integrationCode) ? 200 : 429;
    },
    close: () => {},
  };
  monitor.onThrottleChange((transition) => {
    run.transitions.push({ ...transition, sinceStart: transition.at - start });
    if (transition.to.mode === 'asleep' && transition.cause === 'usage') {
      clock.setTimeout(() => {
        if (monitor.wakeUp()) run.wakeUps.push(clock.now() - start);
      }, wakeAfterMs);
    }
  });

  const tour = startDemoTour({ clock, others: usage });
  const workload = startDemoWorkload({ clock, caller });
  await monitor.start();
  for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
    await clock.advanceAsync(1000);
    run.peakUsed = Math.max(run.peakUsed, usage.count());
  }
  tour.stop();
  await workload.stop();
  await monitor.stop();
  run.workload = workload.stats();
  return run;
}
