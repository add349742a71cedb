/**
 * Test connection: one read of ThresholdInformation with the credentials given, answered in words a person can act
 * on. It never throws and never repeats the secret, whatever Autotask or the network answer.
 */
import { AutotaskClient, AutotaskError, redact } from '../autotask';
import type { ConnectionTest } from '../contract';
import type { Clock } from '../core/clock';
import type { ConnectionTarget } from './connection-target';

/** Long enough for a busy zone (Autotask adds up to a second per call), short enough for someone waiting on a button. */
export const CONNECTION_TEST_TIMEOUT_MS = 15_000;

type FailedTest = Extract<ConnectionTest, { ok: false }>;

export async function testConnection(target: ConnectionTarget, clock: Clock): Promise<ConnectionTest> {
  try {
    const client = new AutotaskClient({
      credentials: target.credentials,
      baseUrl: target.autotaskBaseUrl,
      clock,
      timeoutMs: CONNECTION_TEST_TIMEOUT_MS,
      // One read, as the button promises: a retry would be another request against the tenant's limit.
      retry: { maxRetries: 0 },
    });
    const { used, limit, timeframeMinutes } = await client.thresholdInformation();
    return { ok: true, used, limit, timeframeMinutes };
  } catch (error) {
    const failed = failedTest(error, target.credentials.username);
    return { ...failed, message: redact(failed.message, [target.credentials.secret]) };
  }
}

function failedTest(error: unknown, username: string): FailedTest {
  // Any other error may carry a request or a header in its text: only Headroom's own words are shown.
  if (!(error instanceof AutotaskError)) {
    return { ok: false, kind: 'other', message: 'Headroom could not test the connection to Autotask.' };
  }
  switch (error.kind) {
    case 'bad-credentials':
      return { ok: false, kind: 'bad-credentials', message: credentialsRefused(error, username) };
    case 'unknown-user':
      return { ok: false, kind: 'unknown-user', message: error.userMessage };
    case 'network':
    case 'timeout':
      return { ok: false, kind: 'offline', message: `${error.userMessage} Check the Autotask API address too.` };
    case 'rate-limited':
    case 'thread-limit':
      return {
        ok: false,
        kind: 'rate-limited',
        message: `${error.userMessage} The credentials cannot be checked until Autotask takes calls again.`,
      };
    case 'invalid-request':
      return { ok: false, kind: 'invalid', message: error.userMessage };
    default:
      return { ok: false, kind: 'other', message: error.userMessage };
  }
}

/** Autotask answers a wrong secret with 401; a username or integration code it refuses comes as a 500 naming it. */
function credentialsRefused(error: AutotaskError, username: string): string {
  if (error.status === 401 || error.status === 403) {
    return (
      `Autotask did not accept the API secret for ${username}. Check the secret, or generate a new one for this ` +
      'API user in Autotask.'
    );
  }
  return error.userMessage;
}
