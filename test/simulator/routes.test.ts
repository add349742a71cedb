import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeOf } from '../../electron/simulator/routes';
import { errorsOf, startTestSimulator, type TestSimulator } from './harness';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

describe('routes', () => {
  it('reads paths in any letter case, with or without a trailing slash', () => {
    expect(routeOf('/atservicesrest/v1.0/tickets/query/')).toEqual({ kind: 'query', entity: 'Tickets' });
    expect(routeOf('/ATSERVICESREST/V1.0/TICKETS/70001/NOTES/200001')).toEqual({
      kind: 'ticketNote',
      ticketId: 70001,
      id: 200001,
    });
    expect(routeOf('/ATServicesRest/V1.0/companies/query/next')).toEqual({ kind: 'queryPage', entity: 'Companies' });
  });

  it('knows no other entities, versions, child paths or id forms', () => {
    for (const path of [
      '/ATServicesRest/V1.0/Invoices/query',
      '/ATServicesRest/V2.0/Tickets/query',
      '/ATServicesRest/V1.0/Companies/1001/Notes',
      '/ATServicesRest/V1.0/Tickets/abc',
      '/ATServicesRest/V1.0/Tickets/-1',
      '/ATServicesRest/V1.0/Tickets/query/last',
      '/ATServicesRest/V1.0/Tickets/70001/Notes/1/extra',
      '/ATServicesRest/V1.0',
      '/',
    ]) {
      expect(routeOf(path), path).toBeUndefined();
    }
  });

  it('serves the same resource whatever the letter case of the path', async () => {
    const lower = await sim.call('/atservicesrest/v1.0/tickets/70001');
    const upper = await sim.call('/ATSERVICESREST/V1.0/TICKETS/70001');
    expect(lower.status).toBe(200);
    expect(upper.body).toEqual(lower.body);
  });

  it('answers an unknown path or entity with a 404 in Autotask shape, without counting it', async () => {
    const before = (await sim.stats()).windowCount;
    for (const path of ['/ATServicesRest/V1.0/Invoices/query', '/favicon.ico', '/ATServicesRest/V1.0/Tickets/x']) {
      const answer = await sim.call(path, { method: 'GET' });
      expect(answer.status).toBe(404);
      expect(errorsOf(answer)[0]).toContain(path);
    }
    expect((await sim.stats()).windowCount).toBe(before);
  });

  it('answers a method a resource does not take with a 405 naming it and the methods it does take', async () => {
    const answer = await sim.call('Tickets', { method: 'GET' });
    expect(answer.status).toBe(405);
    expect(errorsOf(answer)[0]).toContain("'GET'");
    expect(answer.headers.get('allow')).toBe('POST, PATCH');
    expect((await sim.call('Tickets/70001', { method: 'DELETE' })).status).toBe(405);
    expect((await sim.call('ThresholdInformation', { method: 'POST', body: {} })).status).toBe(405);
    expect((await sim.call('zoneInformation?user=x', { method: 'PUT', body: {} })).status).toBe(405);
  });
});
