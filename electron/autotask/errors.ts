/**
 * What can go wrong talking to Autotask, as one error class with a `kind` the caller switches on and a
 * `userMessage` fit to show as is. Nothing here ever holds the request, its headers or a `cause` from fetch:
 * the API secret travels in a header and must not reach a message, a log or a crash report.
 */
import type { UpstreamRejectionKind } from '../core/throttle/rejection';
import { UserFacingError } from '../core/user-facing-error';

export type AutotaskErrorKind =
  | 'bad-credentials'
  | 'unknown-user'
  | 'not-found'
  | 'rate-limited'
  | 'thread-limit'
  | 'validation'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'malformed-response'
  | 'aborted'
  | 'invalid-request';

const defaultUserMessages: Record<AutotaskErrorKind, string> = {
  'bad-credentials':
    'Autotask did not accept the API credentials. Check the API username, secret and integration code in Settings.',
  'unknown-user': 'Autotask does not know this API user. Check the API username in Settings.',
  'not-found': 'Autotask could not find the address that was called (wrong zone or path).',
  'rate-limited': "The tenant has reached Autotask's API limit: Autotask is refusing calls for now.",
  'thread-limit': 'Too many calls at once: Autotask allows 3 concurrent calls per integration and entity.',
  validation: 'Autotask rejected the request.',
  'server-error': 'Autotask had a server error. Try again later.',
  network: 'Could not reach Autotask. Check the network connection.',
  timeout: 'Autotask did not answer in time.',
  'malformed-response': 'Autotask sent an answer Headroom could not read.',
  aborted: 'The call to Autotask was cancelled.',
  'invalid-request': 'Headroom tried to make a call to Autotask that is not valid.',
};

export interface AutotaskErrorOptions {
  status?: number;
  /** Overrides the default text for the kind when there is something more specific to say. */
  userMessage?: string;
}

export class AutotaskError extends UserFacingError {
  override readonly name: string = 'AutotaskError';
  declare readonly status?: number;

  constructor(
    readonly kind: AutotaskErrorKind,
    message: string,
    options: AutotaskErrorOptions = {},
  ) {
    super(options.userMessage ?? defaultUserMessages[kind], message);
    if (options.status !== undefined) this.status = options.status;
  }
}

/** Autotask refused the call because of load (the hourly limit or the thread limit): the caller should wait. */
export class AutotaskThrottledError extends AutotaskError {
  override readonly name = 'AutotaskThrottledError';
  declare readonly kind: UpstreamRejectionKind;

  constructor(
    kind: UpstreamRejectionKind,
    message: string,
    readonly retryAfterMs: number,
    options: AutotaskErrorOptions = {},
  ) {
    super(kind, message, {
      ...options,
      userMessage: options.userMessage ?? `${defaultUserMessages[kind]} Try again in about ${seconds(retryAfterMs)}.`,
    });
  }
}

export function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}
