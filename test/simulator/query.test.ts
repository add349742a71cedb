import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSizes } from '../../electron/simulator/seed-data';
import { errorsOf, startTestSimulator, type Answer, type TestSimulator } from './harness';

interface PageBody {
  items: Array<Record<string, unknown>>;
  pageDetails: { count: number; requestCount: number; prevPageUrl: string | null; nextPageUrl: string | null };
}

const everyRecord = [{ op: 'gte', field: 'id', value: 0 }];
let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const pageOf = (answer: Answer) => answer.body as PageBody;

describe('entity queries', () => {
  it('pages through every ticket exactly once by following nextPageUrl, each page one counted call', async () => {
    const before = (await sim.stats()).totalRequests;
    const seen: number[] = [];
    let answer = await sim.call('Tickets/query', { body: { filter: everyRecord } });
    let calls = 1;
    for (;;) {
      expect(answer.status).toBe(200);
      const page = pageOf(answer);
      expect(page.pageDetails.count).toBe(page.items.length);
      seen.push(...page.items.map((item) => item.id as number));
      if (!page.pageDetails.nextPageUrl) break;
      expect(
        page.pageDetails.nextPageUrl.startsWith(`${sim.simulator.origin}/ATServicesRest/V1.0/Tickets/query/next?`),
      ).toBe(true);
      answer = await sim.call(page.pageDetails.nextPageUrl, { method: 'GET' });
      calls++;
    }
    expect(seen.length).toBe(seedSizes.tickets);
    expect(new Set(seen).size).toBe(seedSizes.tickets);
    expect(calls).toBe(seedSizes.tickets / 500);
    expect((await sim.stats()).totalRequests - before).toBe(calls);
  });

  it('keeps the filter and IncludeFields on later pages, and walks back with prevPageUrl', async () => {
    const search = { filter: [{ op: 'eq', field: 'status', value: 5 }], IncludeFields: ['status'], MaxRecords: 100 };
    const first = pageOf(await sim.call(`Tickets/query?search=${encodeURIComponent(JSON.stringify(search))}`));
    expect(first.pageDetails.prevPageUrl).toBeNull();
    expect(first.pageDetails.requestCount).toBe(100);
    const second = pageOf(await sim.call(String(first.pageDetails.nextPageUrl)));
    expect(second.items).toHaveLength(100);
    for (const item of second.items) expect(item).toEqual({ id: expect.any(Number), status: 5 });
    expect(Number(second.items[0]?.id)).toBeGreaterThan(Number(first.items.at(-1)?.id));
    const back = pageOf(await sim.call(String(second.pageDetails.prevPageUrl)));
    expect(back.items).toEqual(first.items);
    expect(back.pageDetails.prevPageUrl).toBeNull();
    expect(back.pageDetails.nextPageUrl).not.toBeNull();
  });

  it('answers the same query by POST and by GET ?search=', async () => {
    const search = { filter: [{ op: 'contains', field: 'companyName', value: 'dental' }], MaxRecords: 20 };
    const posted = await sim.call('Companies/query', { body: search });
    const got = await sim.call(`Companies/query?search=${encodeURIComponent(JSON.stringify(search))}`);
    expect(posted.status).toBe(200);
    expect(pageOf(got).items).toEqual(pageOf(posted).items);
    expect(pageOf(posted).items.length).toBeGreaterThan(0);
  });

  it('returns only the IncludeFields (and id), matched in any letter case', async () => {
    const answer = await sim.call('Contacts/query', {
      body: { filter: everyRecord, IncludeFields: ['FIRSTNAME', 'emailAddress'], MaxRecords: 3 },
    });
    expect(pageOf(answer).items).toEqual(
      Array.from({ length: 3 }, () => ({
        id: expect.any(Number),
        firstName: expect.any(String),
        emailAddress: expect.any(String),
      })),
    );
    const unknown = await sim.call('Contacts/query', { body: { filter: everyRecord, IncludeFields: ['shoeSize'] } });
    expect(unknown.status).toBe(500);
    expect(errorsOf(unknown)).toEqual(['Unable to find shoeSize in the Contact Entity.']);
  });

  it('returns whole records with Autotask field names when IncludeFields is absent', async () => {
    const [ticket] = pageOf(await sim.call('Tickets/query', { body: { filter: everyRecord, MaxRecords: 1 } })).items;
    expect(Object.keys(ticket ?? {})).toEqual(
      expect.arrayContaining(['id', 'ticketNumber', 'title', 'description', 'status', 'priority', 'queueID']),
    );
    expect(ticket).toMatchObject({
      ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/),
      companyID: expect.any(Number),
      createDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      userDefinedFields: [],
    });
  });

  it('takes MaxRecords from 1 to 500, 500 by default, and refuses anything else', async () => {
    const sizes = async (maxRecords?: unknown) =>
      sim.call('Tickets/query', { body: { filter: everyRecord, MaxRecords: maxRecords } });
    expect(pageOf(await sizes(1)).items).toHaveLength(1);
    expect(pageOf(await sizes(500)).items).toHaveLength(500);
    expect(pageOf(await sizes()).pageDetails.requestCount).toBe(500);
    for (const bad of [0, 501, 2.5, 'ten', -1]) {
      const answer = await sizes(bad);
      expect(answer.status, String(bad)).toBe(500);
      expect(errorsOf(answer)[0]).toContain('MaxRecords must be a whole number from 1 to 500');
    }
  });

  it('counts matching records with query/count', async () => {
    const filter = [{ op: 'eq', field: 'status', value: 1 }];
    const count = await sim.call('Tickets/query/count', { body: { filter } });
    let listed = 0;
    for (let answer = await sim.call('Tickets/query', { body: { filter } }); ;) {
      listed += pageOf(answer).items.length;
      const next = pageOf(answer).pageDetails.nextPageUrl;
      if (!next) break;
      answer = await sim.call(next);
    }
    expect(count.body).toEqual({ queryCount: listed });
  });

  it('answers a query that matches nothing with an empty page and no links', async () => {
    const answer = await sim.call('Tickets/query', { body: { filter: [{ op: 'eq', field: 'id', value: 1 }] } });
    expect(answer.body).toEqual({
      items: [],
      pageDetails: { count: 0, requestCount: 500, prevPageUrl: null, nextPageUrl: null },
    });
  });

  it("lists a ticket's notes at Tickets/{id}/Notes, and one note at Tickets/{id}/Notes/{noteId}", async () => {
    const search = { filter: [{ op: 'eq', field: 'ticketID', value: 70001 }] };
    const viaQuery = pageOf(await sim.call('TicketNotes/query', { body: search })).items;
    const viaChild = pageOf(await sim.call('Tickets/70001/Notes')).items;
    expect(viaChild).toEqual(viaQuery);
    expect(viaChild.length).toBeGreaterThan(0);
    const [note] = viaChild;
    expect((await sim.call(`Tickets/70001/Notes/${String(note?.id)}`)).body).toEqual({ item: note });
    expect((await sim.call(`Tickets/70002/Notes/${String(note?.id)}`)).body).toEqual({ item: null });
  });
});
