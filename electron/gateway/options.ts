import type { IncomingHttpHeaders } from 'node:http';
import { systemClock, type Clock } from '../core/clock';
import type { ThrottleEngine } from '../core/throttle/engine';
import type { UpstreamRejection } from '../core/throttle/rejection';
import type { CallRecord } from '../core/usage/history';
import { AUTOTASK_MAX_BODY_BYTES } from '../autotask';
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
  /** Largest request body forwarded; larger ones are answered 413 before they reach the gate. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long Autotask may take to start answering a forwarded call before the caller gets a 504. */
  upstreamTimeoutMs?: number;
  /**
   * How long a connection may take to send a request's headers, from when it opens or its last answer ends; past
   * it the gateway answers 408 and closes it. Default 10 s. A held call's wait comes after its headers: not cut.
   */
  headersTimeoutMs?: number;
  /** How long a connection may stay open with no request after an answer (keep-alive). Default 5 s. */
  idleTimeoutMs?: number;
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
/** Autotask's own limit: a larger body would be refused by Autotask (413) after the gate had counted it. */
export const DEFAULT_MAX_BODY_BYTES = AUTOTASK_MAX_BODY_BYTES;
/** Longer than any client's own timeout worth having: Autotask adds up to a second per call when busy. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;
/**
 * A script on this machine sends its headers at once; a connection that sends none is a leak or a stuck client,
 * and each one holds an open file the poller and the history store need too.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Node's own keep-alive default: long enough for a script's next call, short enough not to gather sockets. */
export const DEFAULT_IDLE_TIMEOUT_MS = 5_000;

export interface CheckedOptions {
  throttle: GatewayThrottle;
  zoneUrl: () => Promise<string>;
  port: number;
  portOption: string | undefined;
  holdMs: () => number;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
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
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
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
  for (const [name, ms] of [
    ['upstreamTimeoutMs', upstreamTimeoutMs],
    ['headersTimeoutMs', headersTimeoutMs],
    ['idleTimeoutMs', idleTimeoutMs],
  ] as const) {
    if (!Number.isFinite(ms) || ms <= 0) refuse(`${name} must be a number of milliseconds above 0 (got ${ms})`);
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
    headersTimeoutMs,
    idleTimeoutMs,
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
