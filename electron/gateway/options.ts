import type { IncomingHttpHeaders } from 'node:http';
import { systemClock, type Clock } from '../core/clock';
import type { ThrottleEngine } from '../core/throttle/engine';
import type { UpstreamRejection } from '../core/throttle/rejection';
import type { CallRecord } from '../core/usage/history';
import { GatewayOptionsError } from './errors';

/** What the gateway needs of the throttle engine: the real engine fits, and so does a small fake in tests. */
export interface GatewayThrottle {
  acquire: ThrottleEngine['acquire'];
  figures: ThrottleEngine['figures'];
  /** Autotask refused a forwarded call; `sentAt` is when the gate released it, the moment it was counted. */
  reportUpstreamRejection(rejection: UpstreamRejection): void;
}

export interface GatewayOptions {
  throttle: GatewayThrottle;
  /** The tenant's zone REST root, ending in /ATServicesRest/ (from the Autotask client's zone discovery). */
  zoneUrl: () => Promise<string>;
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** The command-line option that sets the port (`--port`), named when it cannot be had; the Settings if absent. */
  portOption?: string;
  /** How long a call may wait (for the gate and a thread slot) before it is answered 429; a getter applies live. */
  maxHoldSeconds?: number | (() => number);
  /** Largest request body forwarded; larger ones are answered 413. */
  maxBodyBytes?: number;
  /** How long Autotask may take to start answering a forwarded call before the caller gets a 504. */
  upstreamTimeoutMs?: number;
  /** Timestamps of the accounting records and the gateway's own timers. */
  clock?: Clock;
  /** One record per call that reached the gate: what the hourly history takes. */
  onCall?: (record: CallRecord) => void;
  /**
   * Autotask answered a forwarded call with success (2xx), given the caller's request headers: proof that Autotask
   * is up, and that the credentials in them work. Called on every such call: it must be cheap.
   */
  onAutotaskAnswered?: (headers: IncomingHttpHeaders) => void;
  /** One line per request: method, path, status, API user and integration code (never a header value else). */
  log?: (line: string) => void;
}

export const DEFAULT_MAX_HOLD_SECONDS = 30;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Longer than any client's own timeout worth having: Autotask adds up to a second per call when busy. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;

export interface CheckedOptions {
  throttle: GatewayThrottle;
  zoneUrl: () => Promise<string>;
  port: number;
  portOption: string | undefined;
  holdMs: () => number;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  clock: Clock;
  onCall: ((record: CallRecord) => void) | undefined;
  onAutotaskAnswered: ((headers: IncomingHttpHeaders) => void) | undefined;
  log: ((line: string) => void) | undefined;
}

export function checkOptions(options: GatewayOptions): CheckedOptions {
  const {
    port = 0,
    maxHoldSeconds = DEFAULT_MAX_HOLD_SECONDS,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    upstreamTimeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS,
  } = options;
  if (typeof options.throttle?.acquire !== 'function') refuse('throttle must be the throttle engine (or one like it)');
  if (typeof options.zoneUrl !== 'function') refuse('zoneUrl must be a function giving the zone URL');
  if (!Number.isInteger(port) || port < 0 || port > 65535) refuse(`port must be a whole number 0-65535 (got ${port})`);
  if (typeof maxHoldSeconds === 'number' && !isHold(maxHoldSeconds)) {
    refuse(`maxHoldSeconds must be 0 or more seconds (got ${maxHoldSeconds})`);
  }
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    refuse(`maxBodyBytes must be a whole number above 0 (got ${maxBodyBytes})`);
  }
  if (!Number.isFinite(upstreamTimeoutMs) || upstreamTimeoutMs <= 0) {
    refuse(`upstreamTimeoutMs must be a number of milliseconds above 0 (got ${upstreamTimeoutMs})`);
  }
  const holdSeconds = typeof maxHoldSeconds === 'number' ? () => maxHoldSeconds : maxHoldSeconds;
  return {
    throttle: options.throttle,
    zoneUrl: options.zoneUrl,
    port,
    portOption: options.portOption,
    // The getter reads validated settings; should it ever give nonsense, the default beats holding forever.
    holdMs: () => {
      const seconds = holdSeconds();
      return (isHold(seconds) ? seconds : DEFAULT_MAX_HOLD_SECONDS) * 1000;
    },
    maxBodyBytes,
    upstreamTimeoutMs,
    clock: options.clock ?? systemClock,
    onCall: options.onCall,
    onAutotaskAnswered: options.onAutotaskAnswered,
    log: options.log,
  };
}

function isHold(seconds: unknown): seconds is number {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0;
}

function refuse(message: string): never {
  throw new GatewayOptionsError(`Invalid gateway options: ${message}.`);
}
