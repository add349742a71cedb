import type { ServerResponse } from 'node:http';
import { AUTOTASK_MAX_BODY_BYTES } from '../autotask';
import type { GateFigures } from '../core/throttle/gate';
import { stateOf } from './headers';
import type { GatewayThrottle } from './options';

/** Sends Autotask's error shape, {"errors":["message"]}; does nothing if an answer has already begun or cannot go. */
export function answerError(res: ServerResponse, status: number, message: string, headers: readonly string[]): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ errors: [message] });
  res.writeHead(status, [
    ...headers,
    'Content-Type',
    'application/json; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
  ]);
  res.end(body);
}

/** The words of a 413: the body passed the gateway's limit, and the call went nowhere. */
export function tooLargeMessage(maxBytes: number): string {
  return (
    `The request body is larger than the gateway's limit of ${maxBytes} bytes ` +
    `(Autotask refuses bodies over ${AUTOTASK_MAX_BODY_BYTES}); the call was not sent.`
  );
}

export interface Refusal {
  /** Why, in words. */
  reason: string;
  retryAfterMs: number;
  figures: GateFigures;
}

/**
 * A call Headroom did not send: 429 with Retry-After in seconds and the RateLimit-Policy / RateLimit fields of
 * draft-ietf-httpapi-ratelimit-headers-10 (the syntax since -08: structured-field lists, here one policy named
 * "tenant" with its quota q and window w in seconds, and its remaining quota r with t, the seconds until trying
 * again is worth it: the window rolls, so there is no reset time to give). Without known usage they are left out.
 */
export function refusalAnswer(refusal: Refusal): { status: 429; message: string; headers: string[] } {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  const { used, limit, timeframeMinutes } = refusal.figures;
  const headers = ['Retry-After', String(seconds)];
  if (limit !== undefined && timeframeMinutes !== undefined) {
    headers.push('RateLimit-Policy', `"tenant";q=${limit};w=${Math.round(timeframeMinutes * 60)}`);
    if (used !== undefined) headers.push('RateLimit', `"tenant";r=${Math.max(0, limit - used)};t=${seconds}`);
  }
  const state = stateOf(refusal.figures);
  const usage =
    used !== undefined && limit !== undefined
      ? `${state}, ${used} of ${limit} calls used`
      : state === 'unknown'
        ? 'usage unknown'
        : `${state}, usage unknown`;
  return {
    status: 429,
    message: `${refusal.reason} Try again in ${seconds} s. (Headroom: ${usage}.)`,
    headers,
  };
}

/** A shutting-down gateway may be back in moments (a settings change restarts it): worth a quick retry. */
export const CLOSING_RETRY_AFTER_MS = 5_000;

/** The refusal of a call that arrives, or is still waiting, while the gateway shuts down. */
export function shuttingDown(throttle: GatewayThrottle): Refusal {
  return {
    reason: 'Headroom’s gateway is shutting down; the call was not sent.',
    retryAfterMs: CLOSING_RETRY_AFTER_MS,
    figures: figuresNow(throttle),
  };
}

/** The throttle's state and usage as a refusal states them. */
export function figuresNow(throttle: GatewayThrottle): GateFigures {
  const { mode, used, limit, timeframeMinutes } = throttle.figures();
  return used === undefined ? { mode } : { mode, used, limit, timeframeMinutes };
}
