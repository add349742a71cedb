/** What a throttling policy is to the benchmark: it decides when each of our calls may go. */
import type { EventClock } from './event-clock';
import type { TenantModel } from './tenant';
import type { Call } from './workload';

export interface PolicyContext {
  clock: EventClock;
  tenant: TenantModel;
  random: () => number;
}

export interface Policy {
  /** The key in docs/bench/throttle.json. */
  readonly id: string;
  /** The name in the table. */
  readonly name: string;
  start(context: PolicyContext): void;
  /** A client thread wants to send `call`: call `go` (at once or later) when the policy lets it. */
  permit(call: Call, go: () => void): void;
  /** The tenant's answer to a call the policy let go. */
  answered?(call: Call, accepted: boolean): void;
  stop(): void;
  /** Requests the policy spent reading the counter (each one counted by the tenant), and anything else of note. */
  diagnostics(): Record<string, number>;
}

/**
 * Reads the tenant's counter the way a ThresholdInformation call does: one request of the limit, answered after
 * the usual latency; undefined when the tenant answered 429.
 */
export function readCounter(context: PolicyContext, answer: (used: number | undefined) => void): void {
  const { clock, tenant } = context;
  const sentAt = clock.now();
  const accepted = tenant.request(sentAt, 'ours') === 1;
  const used = tenant.used(sentAt);
  clock.setTimeout(() => answer(accepted ? used : undefined), tenant.latencyMs(sentAt));
}
