/**
 * A throttle engine on a virtual clock, with a tenant of 10,000 calls per 60 minutes, and helpers to feed it
 * readings and collect what it decides. Shared by the throttle tests.
 */
import { VirtualClock } from '../../support/virtual-clock';
import { defaultThrottleSettings, type ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { ThrottleEngine, type ThrottleEngineOptions } from '../../../electron/core/throttle/engine';
import type { GateDecision } from '../../../electron/core/throttle/gate';
import type { Priority } from '../../../electron/core/throttle/priority';
import type { ThrottleTransition } from '../../../electron/core/throttle/state';

export const LIMIT = 10_000;
/** 09:00:00 UTC on a Monday. */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Fixture {
  clock: VirtualClock;
  engine: ThrottleEngine;
  transitions: ThrottleTransition[];
  freshRequests: number[];
  /** Feeds a reading of the tenant's counter taken now. */
  sample(used: number, limit?: number, timeframeMinutes?: number): void;
  /** Submits a call and collects its decision (undefined while it waits). */
  call(priority: Priority, maxWaitMs?: number, signal?: AbortSignal): { decision?: GateDecision };
}

export function throttleFixture(
  settings: Partial<ThrottleSettings> = {},
  options: Partial<ThrottleEngineOptions> = {},
): Fixture {
  const clock = new VirtualClock(START);
  const freshRequests: number[] = [];
  const engine = new ThrottleEngine({
    clock,
    settings: { ...defaultThrottleSettings, ...settings },
    requestFreshSample: () => freshRequests.push(clock.now()),
    ...options,
  });
  const transitions: ThrottleTransition[] = [];
  engine.onTransition((transition) => transitions.push(transition));
  return {
    clock,
    engine,
    transitions,
    freshRequests,
    sample: (used, limit = LIMIT, timeframeMinutes = 60) =>
      engine.addSample({ used, limit, timeframeMinutes, takenAt: clock.now() }),
    call: (priority, maxWaitMs = 60_000, signal) => {
      const holder: { decision?: GateDecision } = {};
      engine.submit({ priority, maxWaitMs, ...(signal ? { signal } : {}) }, (decision) => {
        holder.decision = decision;
      });
      return holder;
    },
  };
}
