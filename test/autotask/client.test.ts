import { describe, expect, it, vi } from 'vitest';
import { demoUser } from '../../electron/simulator';
import { thresholdCall, useSimulator, zoneInformationCall } from './simulator-harness';

const { simulator, sent, admin, fault, clientWith } = useSimulator();
const sentHeaders = () => vi.mocked(globalThis.fetch).mock.calls.map(([, init]) => new Headers(init?.headers));
describe('zone discovery', () => {
  it('looks the zone up once, without credentials, and sends every call there', async () => {
    const { client } = clientWith();
    await Promise.all([client.thresholdInformation(), client.thresholdInformation()]);
    await client.thresholdInformation();
    expect(sent).toEqual([zoneInformationCall, thresholdCall, thresholdCall, thresholdCall]);
    expect(sentHeaders().map((headers) => headers.has('Secret'))).toEqual([false, true, true, true]);
    expect((await client.zoneUrl()).toLowerCase()).toBe(simulator().baseUrl.toLowerCase());
  });

  it('authenticates with the integration code, the user, the secret and, if set, the resource to impersonate', async () => {
    const credentials = { ...demoUser, impersonationResourceId: 29682885 };
    await expect(clientWith({ credentials }).client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
    expect(Object.fromEntries(sentHeaders()[1] ?? [])).toMatchObject({
      apiintegrationcode: demoUser.integrationCode,
      username: demoUser.username,
      secret: demoUser.secret,
      impersonationresourceid: '29682885',
    });
  });

  it('looks again when a remembered zone answers 404, then retries there once', async () => {
    const { client } = clientWith({ zoneUrl: `${simulator().origin}/MovedAway/ATServicesRest/` });
    await expect(client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
    await client.thresholdInformation();
    expect(sent).toEqual([
      'GET /MovedAway/ATServicesRest/V1.0/ThresholdInformation',
      zoneInformationCall,
      thresholdCall,
      thresholdCall,
    ]);
  });

  it('reports the second failure after a new lookup, without trying a third time', async () => {
    const { client } = clientWith({ zoneUrl: `${simulator().origin}/MovedAway/ATServicesRest/` });
    await expect(client.request('GET', 'NoSuchEntity/1')).rejects.toMatchObject({ kind: 'not-found', status: 404 });
    expect(sent).toEqual([
      'GET /MovedAway/ATServicesRest/V1.0/NoSuchEntity/1',
      zoneInformationCall,
      'GET /ATServicesRest/V1.0/NoSuchEntity/1',
    ]);
  });

  it('does not repeat a 401 when a new lookup finds the zone unchanged: the credentials are wrong', async () => {
    const { client } = clientWith();
    await client.zoneUrl();
    await fault({ kind: 'unauthorized', count: 1 });
    await expect(client.thresholdInformation()).rejects.toMatchObject({ kind: 'bad-credentials', status: 401 });
    expect(sent).toEqual([zoneInformationCall, thresholdCall, zoneInformationCall]);
  });

  it('reports an unknown API user by name, for the 500 Autotask sends and for a 404', async () => {
    const stranger = { ...demoUser, username: 'nobody@tenant.example' };
    const viaServerError = clientWith({ credentials: stranger }).client;
    await expect(viaServerError.thresholdInformation()).rejects.toMatchObject({
      kind: 'unknown-user',
      status: 500,
      userMessage: expect.stringContaining('"nobody@tenant.example"'),
    });
    const viaNotFound = clientWith({ baseUrl: `${simulator().origin}/NoZoneLookupHere/` }).client;
    await expect(viaNotFound.thresholdInformation()).rejects.toMatchObject({ kind: 'unknown-user', status: 404 });
  });

  it('tries the lookup again on the next call when it failed', async () => {
    const { client } = clientWith({ retry: { maxRetries: 0 } });
    await fault({ kind: 'server-error', path: 'zoneInformation', status: 503 });
    await expect(client.zoneUrl()).rejects.toMatchObject({ kind: 'server-error', status: 503 });
    await expect(client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
  });
});

describe('thresholdInformation', () => {
  it("reads the tenant's limit, window and usage, other integrations' calls included", async () => {
    await admin('POST', 'config', { limit: 2500, timeframeMinutes: 30 });
    await admin('POST', 'usage', { count: 1200, integrationCode: 'SOMEONEELSE' });
    const usage = await clientWith().client.thresholdInformation();
    expect(usage).toMatchObject({ limit: 2500, timeframeMinutes: 30 });
    expect(usage.used).toBeGreaterThanOrEqual(1200);
    expect(usage.used).toBeLessThanOrEqual(1201);
  });
});

describe('entities', () => {
  const everyTicket = [{ op: 'gt', field: 'id', value: 0 }];

  it('follows nextPageUrl to the last page, one request a page', async () => {
    const { client } = clientWith();
    const pages = [];
    for await (const page of client.queryPages('Tickets', { filter: everyTicket, maxRecords: 20 })) pages.push(page);
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((page) => page.items.length === 20 && page.nextPageUrl !== null)).toBe(true);
    expect(pages.at(-1)?.nextPageUrl).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent.filter((call) => call !== zoneInformationCall)).toHaveLength(pages.length);
    const stats = await admin('GET', 'stats');
    expect(stats?.byIntegrationCode).toMatchObject({ [demoUser.integrationCode]: pages.length });
  });

  it('returns one page with the fields asked for', async () => {
    const page = await clientWith().client.query('Tickets', {
      filter: everyTicket,
      maxRecords: 3,
      includeFields: ['id', 'title'],
    });
    expect(page.items).toHaveLength(3);
    expect(page.nextPageUrl).not.toBeNull();
  });

  it('creates, reads and updates a ticket', async () => {
    const { client } = clientWith();
    const first = await client.query('Companies', { filter: [{ op: 'gt', field: 'id', value: 0 }], maxRecords: 1 });
    const companyID = first.items[0]?.id;
    const id = await client.create('Tickets', {
      companyID,
      title: 'Printer on fire',
      status: 1,
      priority: 2,
      queueID: 5,
    });
    expect(await client.get('Tickets', id)).toMatchObject({ id, title: 'Printer on fire' });
    expect(await client.update('Tickets', { id, title: 'Printer no longer on fire' })).toBe(id);
    expect(await client.get('Tickets', id)).toMatchObject({ title: 'Printer no longer on fire' });
  });

  it('never follows a nextPageUrl off the zone it queried, so the credentials stay there', async () => {
    // The same simulator under another host name: its page links name 127.0.0.1, not this zone.
    const { client } = clientWith({ zoneUrl: simulator().baseUrl.replace('127.0.0.1', 'localhost') });
    const pages = client.queryPages('Tickets', { filter: everyTicket, maxRecords: 5 });
    await expect(pages.next()).resolves.toMatchObject({ done: false });
    await expect(pages.next()).rejects.toMatchObject({ kind: 'malformed-response' });
    expect(sent).toHaveLength(1);
  });
});
