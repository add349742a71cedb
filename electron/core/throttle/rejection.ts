/** Autotask refused a call for load: the hourly limit (a 429) or the 3-thread limit per integration and entity. */
export type UpstreamRejectionKind = 'rate-limited' | 'thread-limit';

/**
 * One refusal, as the gateway (a forwarded call) or the poller (the ThresholdInformation read) saw it. Autotask
 * does not count a refused call, so the one who sent it says when, and the engine takes it back off our count.
 */
export interface UpstreamRejection {
  kind: UpstreamRejectionKind;
  /** From Retry-After (the caller parses it; Autotask may not send one, so the caller picks its default). */
  retryAfterMs: number;
  /** When the refused call was sent (released by the gate, or the poll sent); absent: not one we booked. */
  sentAt?: number;
}
