import { errorMessagesFrom } from './error-body';
import { AutotaskError, AutotaskThrottledError } from './errors';
import { retryAfterMs } from './retry-after';

/**
 * Turns one Autotask answer (status, headers, body text) into the error it means, or undefined for success.
 * The client uses it for every call; the local gateway uses it to recognise upstream 429 and thread-limit answers
 * it relays. Autotask's statuses are quirky (credential and validation errors are 500s, the thread limit is not
 * always a 429), so the message text counts as much as the status.
 */
export interface UpstreamAnswer {
  status: number;
  /** A fetch Headers object or node:http's IncomingHttpHeaders. */
  headers: Headers | Record<string, string | string[] | undefined>;
  bodyText: string;
}

export interface ClassifyOptions {
  /** For Retry-After given as an HTTP date. */
  nowMs?: number;
  /** What was called, e.g. "GET Tickets/12", to make the technical message useful. */
  context?: string;
  /** Values to cut out of any text the server sent back (the API secret), in case it echoes a header. */
  secrets?: readonly string[];
}

const THREAD_LIMIT = /thread threshold|Itgenatr005/i;
const RATE_LIMIT = /threshold/i;
const UNKNOWN_ZONE_USER = /zone information could not be determined/i;
/** Autotask answers 500 when the username, integration code or impersonation resource is not accepted. */
const NAMES_A_CREDENTIAL = /integration ?code|user ?name|api user|impersonat/i;

export function classifyResponse(answer: UpstreamAnswer, options: ClassifyOptions = {}): AutotaskError | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const text = redact(errorMessagesFrom(answer.bodyText).join(' '), options.secrets ?? []);
  const message = `${options.context ? `${options.context}: ` : ''}Autotask answered HTTP ${status}${text ? `: ${text}` : ''}`;
  const error = (kind: ConstructorParameters<typeof AutotaskError>[0], userMessage?: string) =>
    new AutotaskError(kind, message, { status, userMessage });

  if (status < 400) return error('malformed-response', `Autotask answered with an unexpected HTTP ${status}.`);
  if (THREAD_LIMIT.test(text) || RATE_LIMIT.test(text) || status === 429) {
    const waitMs = retryAfterMs(headerValue(answer.headers, 'retry-after'), options.nowMs ?? Date.now());
    return new AutotaskThrottledError(THREAD_LIMIT.test(text) ? 'thread-limit' : 'rate-limited', message, waitMs, {
      status,
    });
  }
  if (UNKNOWN_ZONE_USER.test(text)) return error('unknown-user');
  if (status === 401 || status === 403) return error('bad-credentials');
  if (status === 404) return error('not-found');
  if (status === 500 && NAMES_A_CREDENTIAL.test(text)) return error('bad-credentials');
  if (status >= 500 && (status !== 500 || !text)) {
    return error('server-error', `Autotask had a server error (HTTP ${status}). Try again later.`);
  }
  return error('validation', text ? `Autotask rejected the request: ${text}` : undefined);
}

function headerValue(headers: UpstreamAnswer['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** Replaces every occurrence of each secret with a marker; empty strings are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret !== '')
    .reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}
