/**
 * How well Headroom can see the tenant's counter. Unknown usage is never read as zero: while degraded or offline
 * the last sample ages and the estimate keeps counting.
 */
export type ConnectionHealth =
  | 'ok' // the last poll succeeded
  | 'degraded' // recent polls failed, but a sample younger than the window is still in hand
  | 'offline' // polls keep failing and the last sample is too old to steer by
  | 'auth-failed'; // Autotask rejected the credentials: retried slowly, and soon once they are seen to work

export interface ConnectionStatus {
  health: ConnectionHealth;
  /** The last failure, in words a person can act on (never a secret, never a stack). */
  lastError?: string;
  /** Clock time (ms) the health last changed. */
  since: number;
  /** Clock time (ms) of the newest good sample, if any. */
  lastSampleAt?: number;
}

export interface ConnectionTransition {
  from: ConnectionStatus;
  to: ConnectionStatus;
  at: number;
}
