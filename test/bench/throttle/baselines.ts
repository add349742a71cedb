/**
 * The baselines, each as its authors meant it.
 *
 * - No throttling: every call goes when its thread gets to it.
 * - Fixed delays (msoukhomlinov/n8n-nodes-autotask, helpers/http/rateLimit.ts): before every request, a delay of
 *   1 / 2 / 5 s at 50 / 75 / 90% of usage, where usage is the count from its last ThresholdInformation sync, taken
 *   at the first request and then once an hour; past 100% an extra backoff. It has no priorities, so critical
 *   calls wait too. The sync is one request of the tenant's limit.
 * - Stop at a fixed threshold: reads the counter every minute (one request each) and, while the last reading is at
 *   or above 90%, holds non-critical calls (critical ones go); below it, releases everything held. Nothing between
 *   readings, no pacing.
 * - Local reservoir: at most 10,000 of our calls in any rolling hour, counted locally; it does not look at the
 *   tenant at all, so it cannot see the other integrations.
 */
import { readCounter, type Policy, type PolicyContext } from './policy';
import type { Call } from './workload';

const HOUR = 3_600_000;

export class NoThrottling implements Policy {
  readonly id = 'no-throttling';
  readonly name = 'No throttling';
  start(): void {}
  permit(_call: Call, go: () => void): void {
    go();
  }
  stop(): void {}
  diagnostics(): Record<string, number> {
    return { polls: 0 };
  }
}

export class FixedDelays implements Policy {
  readonly id = 'fixed-delays';
  readonly name = 'Fixed delays 1/2/5 s (n8n)';
  private context!: PolicyContext;
  private syncedCount = 0;
  private localCount = 0;
  private localResetAt = 0;
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  private syncing = false;
  private syncs = 0;

  start(context: PolicyContext): void {
    this.context = context;
    this.localResetAt = context.clock.now() + HOUR;
  }

  permit(_call: Call, go: () => void): void {
    const now = this.context.clock.now();
    if (now >= this.localResetAt) {
      this.localCount = 0;
      this.localResetAt = now + HOUR;
    }
    this.localCount++;
    this.maybeSync(now);
    const limit = this.context.tenant.limit;
    const usage = this.syncedCount > 0 ? this.syncedCount / limit : this.localCount / 10_000;
    const delay = usage >= 0.9 ? 5_000 : usage >= 0.75 ? 2_000 : usage >= 0.5 ? 1_000 : 0;
    // shouldThrottle: past the limit, calculateBackoff(0, delay) = min(30 s, delay / 2) + up to 1 s of jitter.
    const backoff = usage >= 1 ? Math.min(30_000, delay / 2) + this.context.random() * 1_000 : 0;
    if (delay + backoff === 0) go();
    else this.context.clock.setTimeout(go, delay + backoff);
  }

  stop(): void {}

  diagnostics(): Record<string, number> {
    return { polls: this.syncs };
  }

  private maybeSync(now: number): void {
    if (this.syncing || now - this.lastSyncAt < HOUR) return;
    this.syncing = true;
    this.syncs++;
    readCounter(this.context, (used) => {
      this.syncing = false;
      if (used === undefined) return;
      this.syncedCount = used;
      this.localCount = used;
      this.lastSyncAt = this.context.clock.now();
      this.localResetAt = this.lastSyncAt + HOUR;
    });
  }
}

export class StopAtThreshold implements Policy {
  readonly id = 'stop-at-threshold';
  readonly name = 'Stop at 90% only';
  private context!: PolicyContext;
  private lastUsed: number | undefined;
  private held: Array<() => void> = [];
  private polls = 0;
  private timer: ReturnType<PolicyContext['clock']['setTimeout']> | undefined;

  start(context: PolicyContext): void {
    this.context = context;
    this.poll();
  }

  permit(call: Call, go: () => void): void {
    if (call.priority === 'critical' || this.mayGo()) go();
    else this.held.push(go);
  }

  stop(): void {
    if (this.timer !== undefined) this.context.clock.clearTimeout(this.timer);
  }

  diagnostics(): Record<string, number> {
    return { polls: this.polls };
  }

  private mayGo(): boolean {
    return this.lastUsed !== undefined && this.lastUsed < 0.9 * this.context.tenant.limit;
  }

  private poll(): void {
    this.polls++;
    readCounter(this.context, (used) => {
      if (used !== undefined) this.lastUsed = used;
      if (this.mayGo()) {
        const held = this.held;
        this.held = [];
        for (const go of held) go();
      }
    });
    this.timer = this.context.clock.setTimeout(() => this.poll(), 60_000);
  }
}

export class LocalReservoir implements Policy {
  readonly id = 'local-reservoir';
  readonly name = 'Local 10,000/h reservoir';
  private context!: PolicyContext;
  private sentAt: number[] = [];
  private head = 0;
  private held: Array<() => void> = [];
  private timer: ReturnType<PolicyContext['clock']['setTimeout']> | undefined;

  start(context: PolicyContext): void {
    this.context = context;
  }

  permit(_call: Call, go: () => void): void {
    this.held.push(go);
    this.release();
  }

  stop(): void {
    if (this.timer !== undefined) this.context.clock.clearTimeout(this.timer);
  }

  diagnostics(): Record<string, number> {
    return { polls: 0 };
  }

  private release(): void {
    const now = this.context.clock.now();
    while (this.head < this.sentAt.length && (this.sentAt[this.head] ?? now) <= now - HOUR) this.head++;
    while (this.held.length > 0 && this.sentAt.length - this.head < 10_000) {
      this.sentAt.push(now);
      this.held.shift()?.();
    }
    if (this.held.length > 0 && this.timer === undefined) {
      const oldest = this.sentAt[this.head] ?? now;
      this.timer = this.context.clock.setTimeout(
        () => {
          this.timer = undefined;
          this.release();
        },
        oldest + HOUR - now,
      );
    }
  }
}
