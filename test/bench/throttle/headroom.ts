/**
 * Headroom as it will run: the real ThrottleEngine (estimate, controller, gate) fed by the real Poller (adaptive
 * interval, extra polls on request), both on the benchmark's clock, reading the model tenant's counter. Each poll
 * is one request of the limit, counted by the tenant and by the engine as a call of ours. Client threads ask the
 * gate with a hold of two minutes; a refusal sends them back after its Retry-After, as a client of the gateway
 * would be; an upstream 429 is reported to the engine, which sleeps for Retry-After.
 */
import { AutotaskThrottledError } from '../../../electron/autotask/errors';
import { ThrottleEngine } from '../../../electron/core/throttle/engine';
import { watchedThresholds } from '../../../electron/core/usage/poll-interval';
import type { UsageFigures } from '../../../electron/core/usage/sample';
import { Poller } from '../../../electron/service/poller';
import type { Policy, PolicyContext } from './policy';
import { RETRY_AFTER_MS } from './tenant';
import type { Call } from './workload';

const HOLD_MS = 120_000;

export class HeadroomPolicy implements Policy {
  readonly id = 'headroom';
  readonly name = 'Headroom';
  private engine!: ThrottleEngine;
  private poller!: Poller;
  private context!: PolicyContext;
  private sleeps = 0;
  private pollSentAt = 0;

  start(context: PolicyContext): void {
    this.context = context;
    const { clock, tenant } = context;
    this.engine = new ThrottleEngine({
      clock,
      requestFreshSample: (why) =>
        why === 'after-refusal'
          ? this.poller.rereadAfterRefusal()
          : void this.poller.pollSoon('the room the last reading showed is running out'),
      gateTuning: { queueCapacity: { critical: 10_000, normal: 10_000, background: 10_000 } },
    });
    this.engine.onTransition((transition) => {
      if (transition.to.mode === 'asleep' && transition.from.mode !== 'asleep') this.sleeps++;
    });
    this.poller = new Poller({
      clock,
      random: context.random,
      source: {
        read: () =>
          new Promise<UsageFigures>((resolve, reject) => {
            const sentAt = clock.now();
            const accepted = tenant.request(sentAt, 'ours') === 1;
            const used = tenant.used(sentAt);
            clock.setTimeout(() => {
              clock.expectAsyncWork();
              if (accepted) resolve({ used, limit: tenant.limit, timeframeMinutes: tenant.windowMs / 60_000 });
              else reject(new AutotaskThrottledError('rate-limited', 'ThresholdInformation: 429', RETRY_AFTER_MS));
            }, tenant.latencyMs(sentAt));
          }),
      },
      thresholdsPercent: () => watchedThresholds(this.engine.settings),
      trend: () => {
        const { estimate, forecast } = this.engine.snapshot();
        return estimate.known ? { used: estimate.used, perMinute: forecast.perMinute } : undefined;
      },
      onPollSent: (at) => {
        clock.expectAsyncWork();
        this.pollSentAt = at;
        this.engine.recordOwnCall(at);
      },
      onUpstreamRejection: (rejection) => this.engine.reportUpstreamRejection(rejection),
    });
    // The Poller stamps a sample with when its answer came; the engine also wants when it was asked for.
    this.poller.onSample((sample) => this.engine.addSample({ ...sample, requestedAt: this.pollSentAt }));
    this.poller.onConnectionChange((transition) => this.engine.reportConnection(transition.to.health));
    this.poller.start();
  }

  permit(call: Call, go: () => void): void {
    this.engine.submit({ priority: call.priority, maxWaitMs: HOLD_MS }, (decision) => {
      if (decision.go) go();
      else this.context.clock.setTimeout(() => this.permit(call, go), decision.retryAfterMs);
    });
  }

  answered(_call: Call, accepted: boolean): void {
    if (!accepted) this.engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: RETRY_AFTER_MS });
  }

  stop(): void {
    this.poller.stop();
    this.engine.close();
  }

  diagnostics(): Record<string, number> {
    const stats = this.poller.stats();
    return { polls: stats.pollsSent, extraPolls: stats.extraPolls, sleeps: this.sleeps };
  }
}
