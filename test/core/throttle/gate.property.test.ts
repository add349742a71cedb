/**
 * The gate's promises, checked against random sequences of everything that can happen to it: readings, our own
 * calls, calls of every priority (some given up by their callers), time passing, Wake Up, upstream rejections,
 * connection changes and settings changes, then shutdown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultThrottleSettings, type ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import type { GateDecision } from '../../../electron/core/throttle/gate';
import { priorities, type Priority } from '../../../electron/core/throttle/priority';
import type { ThrottleTransition } from '../../../electron/core/throttle/state';
import { thresholdsFor } from '../../../electron/core/throttle/thresholds';
import { throttleFixture } from './fixture';

const settingsVariants: ThrottleSettings[] = [
  defaultThrottleSettings,
  {
    ...defaultThrottleSettings,
    slowAtPercent: 60,
    sleepAtPercent: 80,
    resumeBelowPercent: 50,
    criticalStopAtPercent: 95,
  },
  { ...defaultThrottleSettings, autoResume: false, wakeGraceSeconds: 30 },
];

type Operation =
  | { kind: 'sample'; share: number }
  | { kind: 'own'; count: number }
  | { kind: 'call'; priority: Priority; maxWaitMs: number; abortable: boolean }
  | { kind: 'abort'; pick: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'wake' }
  | { kind: 'reject'; rejection: 'rate-limited' | 'thread-limit'; retryAfterMs: number }
  | { kind: 'connection'; health: 'ok' | 'degraded' | 'offline' | 'auth-failed' }
  | { kind: 'settings'; variant: number };

/** Usage anywhere, but most often right at or around a threshold, where the rules change. */
const usageShare = fc.oneof(
  fc.double({ min: 0, max: 1.02, noNaN: true }),
  fc.constantFrom(
    0.1,
    0.49,
    0.5,
    0.59,
    0.6,
    0.69,
    0.7,
    0.74,
    0.75,
    0.79,
    0.8,
    0.89,
    0.9,
    0.94,
    0.95,
    0.9795,
    0.98,
    0.99,
  ),
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sample' as const), share: usageShare }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('own' as const), count: fc.integer({ min: 1, max: 400 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      priority: fc.constantFrom(...priorities),
      maxWaitMs: fc.integer({ min: 0, max: 180_000 }),
      abortable: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 600_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wake' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      rejection: fc.constantFrom('rate-limited' as const, 'thread-limit' as const),
      retryAfterMs: fc.integer({ min: 0, max: 300_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('connection' as const),
      health: fc.constantFrom('ok' as const, 'degraded' as const, 'offline' as const, 'auth-failed' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('settings' as const),
      variant: fc.nat({ max: settingsVariants.length - 1 }),
    }),
  },
);

const settings = fc.constantFrom(...settingsVariants);
const tenant = fc.constantFrom({ limit: 10_000, timeframeMinutes: 60 }, { limit: 300, timeframeMinutes: 1 });

interface Tracked {
  priority: Priority;
  decisions: GateDecision[];
  caller?: AbortController;
}

describe('ThrottleGate invariants', () => {
  it('holds its promises whatever happens', () => {
    fc.assert(
      fc.property(
        tenant,
        settings,
        fc.array(operation, { maxLength: 60 }),
        ({ limit, timeframeMinutes }, start, operations) => {
          const { engine, clock } = throttleFixture(start);
          const calls: Tracked[] = [];
          let lastTransition: ThrottleTransition | undefined;
          engine.onTransition((transition) => (lastTransition = transition));

          const settled = (call: Tracked, index: number) => (decision: GateDecision) => {
            call.decisions.push(decision);
            expect(call.decisions).toHaveLength(1);
            if (!decision.go) return;
            const earlierStillWaiting = calls
              .slice(0, index)
              .some((other) => other.priority === call.priority && other.decisions.length === 0);
            expect(earlierStillWaiting, 'first in, first out within a priority').toBe(false);
            if (call.priority === 'background') {
              const normalWaiting = calls.some((other) => other.priority === 'normal' && other.decisions.length === 0);
              expect(normalWaiting, 'background yields to normal').toBe(false);
            }
            if (call.priority !== 'critical') {
              const state = engine.state;
              const asleepUnwoken = state.mode === 'asleep' && !state.wokenByUser;
              // A woken connection may be put back to sleep by the very call that took usage past sleepAt.
              const putBackBySelf = lastTransition?.at === clock.now() && lastTransition.from.wokenByUser;
              expect(asleepUnwoken && !putBackBySelf, 'nothing non-critical goes while asleep without Wake Up').toBe(
                false,
              );
            }
          };

          for (const op of operations) {
            switch (op.kind) {
              case 'sample':
                engine.addSample({ used: Math.round(op.share * limit), limit, timeframeMinutes, takenAt: clock.now() });
                break;
              case 'own':
                for (let n = 0; n < op.count; n++) engine.recordOwnCall();
                break;
              case 'call': {
                const call: Tracked = { priority: op.priority, decisions: [] };
                if (op.abortable) call.caller = new AbortController();
                calls.push(call);
                const signal = call.caller?.signal;
                engine.submit(
                  { priority: op.priority, maxWaitMs: op.maxWaitMs, ...(signal ? { signal } : {}) },
                  settled(call, calls.length - 1),
                );
                break;
              }
              case 'abort': {
                const abortable = calls.filter((call) => call.caller);
                const call = abortable[op.pick % Math.max(1, abortable.length)];
                if (!call?.caller) break;
                const wasWaiting = call.decisions.length === 0;
                call.caller.abort();
                if (wasWaiting) expect(call.decisions[0]).toMatchObject({ go: false, cause: 'aborted' });
                break;
              }
              case 'advance':
                clock.advance(op.ms);
                break;
              case 'wake':
                engine.wakeUp();
                break;
              case 'reject':
                engine.reportUpstreamRejection({ kind: op.rejection, retryAfterMs: op.retryAfterMs });
                break;
              case 'connection':
                engine.reportConnection(op.health);
                break;
              case 'settings':
                engine.updateSettings(settingsVariants[op.variant] ?? defaultThrottleSettings);
                break;
            }
            const snapshot = engine.snapshot();
            if (snapshot.waiting.critical > 0 && !snapshot.state.criticalStopped) {
              const estimate = snapshot.estimate;
              expect(estimate.known, 'critical calls wait only when usage is known, or after a 429').toBe(true);
              if (estimate.known) {
                const stopAt = thresholdsFor(engine.settings, estimate.limit).criticalStopAt;
                expect(estimate.used, 'critical calls wait only at or past criticalStopAt').toBeGreaterThanOrEqual(
                  stopAt,
                );
              }
            }
          }
          engine.close();
          for (const call of calls) expect(call.decisions, 'every call ends exactly once').toHaveLength(1);
          expect(clock.pendingTimers, 'nothing left running after close').toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
