import type { Clock } from '../core/clock';
import { AutotaskError, seconds } from './errors';

/**
 * One HTTP exchange with Autotask over the global fetch, bounded by a timeout and the caller's AbortSignal.
 * Transport failures become typed errors carrying only a code (ECONNREFUSED, ...): fetch's own errors are not
 * passed on as `cause`, since nothing about the request (its headers hold the secret) may travel with an error.
 */
export interface HttpCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  clock: Clock;
  signal?: AbortSignal;
  /** What was called, e.g. "GET Tickets/12", for messages. */
  context: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  bodyText: string;
}

export async function httpCall(call: HttpCall): Promise<HttpAnswer> {
  if (call.signal?.aborted) throw abortedError(call.context);
  const controller = new AbortController();
  const timer = call.clock.setTimeout(() => controller.abort(), call.timeoutMs);
  const abortOnCallerAbort = () => controller.abort();
  call.signal?.addEventListener('abort', abortOnCallerAbort, { once: true });
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: controller.signal,
      // A redirect would carry the Secret header to wherever it points.
      redirect: 'manual',
    });
    return { status: response.status, headers: response.headers, bodyText: await response.text() };
  } catch (error) {
    if (call.signal?.aborted) throw abortedError(call.context);
    if (controller.signal.aborted) {
      throw new AutotaskError('timeout', `${call.context}: no answer within ${call.timeoutMs} ms`, {
        userMessage: `Autotask did not answer within ${seconds(call.timeoutMs)}.`,
      });
    }
    throw new AutotaskError('network', `${call.context}: could not reach ${call.url.host} (${failureCode(error)})`, {
      userMessage: `Could not reach Autotask at ${call.url.host}. Check the network connection.`,
    });
  } finally {
    call.clock.clearTimeout(timer);
    call.signal?.removeEventListener('abort', abortOnCallerAbort);
  }
}

export function abortedError(context: string): AutotaskError {
  return new AutotaskError('aborted', `${context}: cancelled by the caller`);
}

/** Waits on the clock; a caller abort ends the wait at once with an `aborted` error. */
export function sleepOn(clock: Clock): (ms: number, signal?: AbortSignal) => Promise<void> {
  return (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError('waiting to retry'));
      const onAbort = () => {
        clock.clearTimeout(timer);
        reject(abortedError('waiting to retry'));
      };
      const timer = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}

/** The system's reason for a failed connection (ECONNREFUSED, UND_ERR_SOCKET, ...), never the error itself. */
function failureCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error && /^[\w .-]{1,60}$/.test(error.message) ? error.message : 'connection failed';
}
