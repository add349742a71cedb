import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AutotaskClient, type AutotaskError, type AutotaskErrorKind, type Credentials } from '../../electron/autotask';
import { demoUser, startSimulator } from '../../electron/simulator';
import { useSimulator } from './simulator-harness';

/** A secret no message would contain by chance. */
const SECRET = 'Zq7-s3cr3t-NEVER-SHOW-4471';
const leakTestUser = { username: 'leak-test@tenant.example', secret: SECRET, integrationCode: 'LEAKTEST' };
const { admin, fault, clientWith } = useSimulator({ latency: false, users: [demoUser, leakTestUser] });
const credentials: Credentials = leakTestUser;

/** Every way the API secret could leave with an error. */
function everyRendering(error: unknown): string {
  const e = error as AutotaskError;
  return [String(e), e.message, e.userMessage, e.stack, JSON.stringify(e), inspect(e, { depth: 10 })].join('\n');
}

const failures: Record<AutotaskErrorKind, () => Promise<unknown>> = {
  'bad-credentials': () =>
    clientWith({ credentials: { ...credentials, integrationCode: 'NOSUCHCODE' } }).client.thresholdInformation(),
  'unknown-user': () =>
    clientWith({ credentials: { ...credentials, username: 'nobody@tenant.example' } }).client.thresholdInformation(),
  'not-found': () => clientWith({ credentials }).client.request('GET', 'NoSuchEntity/1'),
  'rate-limited': async () => {
    await fault({ kind: 'rate-limit', path: 'ThresholdInformation' });
    return clientWith({ credentials }).client.thresholdInformation();
  },
  'thread-limit': async () => {
    await admin('POST', 'config', { baseLatencyMs: 200 });
    const { client } = clientWith({ credentials });
    await client.zoneUrl();
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => client.get('Tickets', 1)));
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected) throw rejected.reason;
  },
  validation: () => clientWith({ credentials }).client.create('Tickets', {}),
  'server-error': async () => {
    await fault({ kind: 'server-error', path: 'ThresholdInformation', status: 503, count: 3 });
    return clientWith({ credentials }).client.thresholdInformation();
  },
  network: async () => {
    const gone = await startSimulator({ latency: false });
    await gone.close();
    return clientWith({ credentials, baseUrl: gone.baseUrl }).client.thresholdInformation();
  },
  timeout: async () => {
    await fault({ kind: 'timeout', path: 'ThresholdInformation', count: 3 });
    return clientWith({ credentials, timeoutMs: 150 }).client.thresholdInformation();
  },
  'malformed-response': async () => {
    await fault({ kind: 'malformed-json', path: 'ThresholdInformation', count: 3 });
    return clientWith({ credentials }).client.thresholdInformation();
  },
  aborted: () => clientWith({ credentials }).client.thresholdInformation({ signal: AbortSignal.abort() }),
  'invalid-request': () => clientWith({ credentials }).client.get('../Tickets', 1),
};

describe('the API secret', () => {
  it.each(Object.entries(failures))('never leaves with a %s error', async (kind, fail) => {
    const error = await fail().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind });
    expect(everyRendering(error)).not.toContain(SECRET);
  });

  it('never leaves with a 401, whichever secret was wrong', async () => {
    const wrong = `${SECRET}-old`;
    const { client } = clientWith({ credentials: { ...credentials, secret: wrong } });
    const error = await client.thresholdInformation().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-credentials', status: 401 });
    expect(everyRendering(error)).not.toContain(SECRET);
  });

  it('never leaves with a refusal of incomplete settings', () => {
    const refusal = (() => {
      try {
        return new AutotaskClient({ credentials: { ...credentials, integrationCode: '' } });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({ kind: 'invalid-request' });
    expect(everyRendering(refusal)).not.toContain(SECRET);
  });

  it('does not show when the client itself is logged', () => {
    const { client } = clientWith({ credentials });
    expect(inspect(client, { depth: 10, showHidden: true }) + JSON.stringify(client)).not.toContain(SECRET);
  });
});
