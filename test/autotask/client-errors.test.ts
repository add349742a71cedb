import { describe, expect, it } from 'vitest';
import { AutotaskThrottledError } from '../../electron/autotask';
import { demoUser } from '../../electron/simulator';
import { thresholdCall, useSimulator, zoneInformationCall } from './simulator-harness';

const { sent, admin, fault, clientWith } = useSimulator();
const calls = (prefix: string) => sent.filter((call) => call.startsWith(prefix));

describe('errors Autotask answers with', () => {
  it('a wrong secret and an unknown integration code are bad credentials', async () => {
    const wrongSecret = clientWith({ credentials: { ...demoUser, secret: 'not-the-secret' } }).client;
    await expect(wrongSecret.thresholdInformation()).rejects.toMatchObject({ kind: 'bad-credentials', status: 401 });
    const wrongCode = clientWith({ credentials: { ...demoUser, integrationCode: 'NOSUCHCODE' } }).client;
    await expect(wrongCode.thresholdInformation()).rejects.toMatchObject({
      kind: 'bad-credentials',
      status: 500,
      userMessage: expect.stringMatching(/username, secret and integration code/),
    });
  });

  it('an unknown path is not found', async () => {
    await expect(clientWith().client.request('GET', 'NoSuchEntity/7')).rejects.toMatchObject({
      kind: 'not-found',
      status: 404,
    });
  });

  it('a ticket Autotask will not accept is a validation error with its reason, and is not retried', async () => {
    const { client } = clientWith();
    await expect(client.create('Tickets', { description: 'no title, no company' })).rejects.toMatchObject({
      kind: 'validation',
      status: 500,
      userMessage: expect.stringMatching(/^Autotask rejected the request: .+/),
    });
    expect(calls('POST')).toHaveLength(1);
  });

  it('past the hourly limit: rate limited, with Retry-After, and not retried', async () => {
    await admin('POST', 'config', { limit: 100 });
    await admin('POST', 'usage', { count: 100, integrationCode: 'SOMEONEELSE' });
    const { client, waits } = clientWith();
    const error = await client.thresholdInformation().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutotaskThrottledError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect((error as AutotaskThrottledError).retryAfterMs).toBeGreaterThan(0);
    expect(calls(thresholdCall)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('a 429 with an HTTP-date Retry-After or an unreadable one', async () => {
    const { client } = clientWith();
    await fault({ kind: 'rate-limit', retryAfter: new Date(Date.now() + 30_000).toUTCString() });
    const dated = (await client.thresholdInformation().catch((e: unknown) => e)) as AutotaskThrottledError;
    expect(dated.retryAfterMs).toBeGreaterThan(28_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(30_000);
    await fault({ kind: 'rate-limit', retryAfter: 'whenever' });
    await expect(client.thresholdInformation()).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 60_000 });
  });

  it('a fourth concurrent call on one entity hits the thread limit, and is not retried', async () => {
    await admin('POST', 'config', { baseLatencyMs: 300 });
    const { client, waits } = clientWith();
    await client.zoneUrl();
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => client.get('Tickets', 1)));
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ kind: 'thread-limit' });
    expect(rejected[0]?.reason).toBeInstanceOf(AutotaskThrottledError);
    expect(calls('GET /ATServicesRest/V1.0/Tickets/1')).toHaveLength(4);
    expect(waits).toEqual([]);
  });

  it('an answer that is not JSON is malformed', async () => {
    await fault({ kind: 'malformed-json', path: 'ThresholdInformation' });
    await expect(clientWith().client.thresholdInformation()).rejects.toMatchObject({ kind: 'malformed-response' });
  });
});

describe('retrying reads, never writes', () => {
  it('retries a read after a server error, with growing jittered waits, and succeeds', async () => {
    await fault({ kind: 'server-error', path: 'ThresholdInformation', status: 503, count: 2 });
    const { client, waits } = clientWith();
    await expect(client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
    expect(calls(thresholdCall)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] ?? Infinity);
  });

  it('gives up after two retries with a server error', async () => {
    await fault({ kind: 'server-error', path: 'ThresholdInformation', status: 502, count: 5 });
    const { client } = clientWith();
    await expect(client.thresholdInformation()).rejects.toMatchObject({ kind: 'server-error', status: 502 });
    expect(calls(thresholdCall)).toHaveLength(3);
  });

  it('retries a query (a read sent as POST) but not a create', async () => {
    const { client } = clientWith();
    await fault({ kind: 'server-error', path: 'Tickets', status: 503, count: 1 });
    await expect(client.query('Tickets', { filter: [{ op: 'gt', field: 'id', value: 0 }] })).resolves.toBeDefined();
    expect(calls('POST /ATServicesRest/V1.0/Tickets/query')).toHaveLength(2);
    await fault({ kind: 'server-error', path: 'Tickets', status: 503, count: 1 });
    await expect(client.create('Tickets', { title: 'once only' })).rejects.toMatchObject({ kind: 'server-error' });
    expect(sent.filter((call) => call === 'POST /ATServicesRest/V1.0/Tickets')).toHaveLength(1);
  });

  it('retries a read after the connection is reset; a write is reported as a network error at once', async () => {
    const { client } = clientWith();
    await client.zoneUrl();
    await fault({ kind: 'reset', path: 'ThresholdInformation', count: 1 });
    await expect(client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
    await fault({ kind: 'reset', path: 'Tickets', count: 1 });
    await expect(client.update('Tickets', { id: 1, title: 'x' })).rejects.toMatchObject({ kind: 'network' });
    expect(sent.filter((call) => call !== zoneInformationCall)).toEqual([
      thresholdCall,
      thresholdCall,
      'PATCH /ATServicesRest/V1.0/Tickets',
    ]);
  });
});
