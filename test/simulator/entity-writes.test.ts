import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorsOf, startTestSimulator, type TestSimulator } from './harness';

let sim: TestSimulator;

beforeEach(async () => {
  sim = await startTestSimulator();
});
afterEach(() => sim.close());

const newTicket = { title: 'Printer jammed', companyID: 1001, status: 1, priority: 2 };

async function refusal(path: string, body: unknown, method = 'POST'): Promise<string> {
  const answer = await sim.call(path, { method, body });
  expect(answer.status).toBe(500);
  return errorsOf(answer).join(' ');
}

describe('get by id', () => {
  it('answers {item} for a record and {item: null} for an id it does not have, as Autotask does', async () => {
    const company = await sim.call('Companies/1001');
    expect(company.status).toBe(200);
    expect(company.body).toMatchObject({
      item: { id: 1001, companyName: expect.any(String), isActive: expect.any(Boolean) },
    });
    expect((await sim.call('Companies/999999')).body).toEqual({ item: null });
  });
});

describe('create', () => {
  it("stores a new ticket and answers its itemId; the server sets the day's next number and the dates", async () => {
    const sameDay = { filter: [{ op: 'beginsWith', field: 'ticketNumber', value: 'T20260105.' }] };
    const { queryCount } = (await sim.call('Tickets/query/count', { body: sameDay })).body as { queryCount: number };
    const numbered = (n: number) => `T20260105.${String(n).padStart(4, '0')}`;
    const created = await sim.call('Tickets', {
      body: { ...newTicket, id: 0, ticketNumber: 'mine', description: 'x' },
    });
    expect(created.status).toBe(200);
    const { itemId } = created.body as { itemId: number };
    const { item } = (await sim.call(`Tickets/${itemId}`)).body as { item: Record<string, unknown> };
    const today = new Date(sim.clock.now()).toISOString();
    expect(item).toMatchObject({
      ...newTicket,
      id: itemId,
      description: 'x',
      ticketNumber: numbered(queryCount + 1),
      createDate: today,
      lastActivityDate: today,
      contactID: null,
      completedDate: null,
    });
    const second = (await sim.call('Tickets', { body: newTicket })).body as { itemId: number };
    expect(second.itemId).toBe(itemId + 1);
    const { item: next } = (await sim.call(`Tickets/${second.itemId}`)).body as { item: { ticketNumber: string } };
    expect(next.ticketNumber).toBe(numbered(queryCount + 2));
  });

  it('accepts numbers sent as strings and field names in any letter case', async () => {
    const created = await sim.call('Tickets', { body: { Title: 'x', CompanyId: '1001', STATUS: '5', priority: 3 } });
    const { item } = (await sim.call(`Tickets/${(created.body as { itemId: number }).itemId}`)).body as {
      item: Record<string, unknown>;
    };
    expect(item).toMatchObject({ title: 'x', companyID: 1001, status: 5, completedDate: expect.any(String) });
  });

  it('creates companies, contacts and notes, a note under its ticket by the child path', async () => {
    const company = await sim.call('Companies', {
      body: { companyName: 'Acme', companyType: 1, phone: '555-0100', ownerResourceID: 29682885 },
    });
    const companyId = (company.body as { itemId: number }).itemId;
    const contact = await sim.call('Contacts', {
      body: { companyID: companyId, firstName: 'A', lastName: 'B', isActive: 1 },
    });
    expect(contact.status).toBe(200);
    const note = await sim.call('Tickets/70001/Notes', {
      body: { title: 'Called', description: 'Left a message', noteType: 1, publish: 1, ticketID: 70002 },
    });
    const noteId = (note.body as { itemId: number }).itemId;
    expect((await sim.call(`TicketNotes/${noteId}`)).body).toMatchObject({ item: { ticketID: 70001 } });
  });

  it('refuses a ticket without its required fields, naming each', async () => {
    const message = await refusal('Tickets', { title: 'x', companyID: 1001 });
    expect(message).toContain('status');
    expect(message).toContain('priority');
    expect(message).not.toContain('title');
    expect(await refusal('Tickets', { ...newTicket, title: '' })).toContain('title');
    expect(await refusal('TicketNotes', { ticketID: 70001 })).toMatch(/title.*description.*noteType.*publish/);
  });

  it('refuses wrong types, picklist values, unknown references and over-long text, naming the field', async () => {
    expect(await refusal('Tickets', { ...newTicket, priority: 'urgent' })).toContain('priority');
    expect(await refusal('Tickets', { ...newTicket, status: 99 })).toContain('not a valid value for status');
    expect(await refusal('Tickets', { ...newTicket, companyID: 5 })).toContain('companyID 5 does not exist');
    expect(await refusal('Tickets', { ...newTicket, title: 'x'.repeat(256) })).toContain('title is longer than 255');
    expect(await refusal('Tickets', { ...newTicket, dueDateTime: 'soon' })).toContain('dueDateTime');
    expect(await refusal('Tickets/123/Notes', { title: 't', description: 'd', noteType: 1, publish: 1 })).toContain(
      'ticketID 123 does not exist',
    );
  });

  it('refuses a body that is not a JSON object', async () => {
    expect(await refusal('Tickets', [newTicket])).toContain('JSON object');
    expect(await refusal('Tickets', 'title')).toContain('JSON object');
  });
});

describe('patch', () => {
  it('changes the given fields of the record named by id, and its last activity', async () => {
    sim.clock.advance(60_000);
    const patched = await sim.call('Tickets', { method: 'PATCH', body: { id: 70001, status: 8, title: 'Renamed' } });
    expect(patched.body).toEqual({ itemId: 70001 });
    const { item } = (await sim.call('Tickets/70001')).body as { item: Record<string, unknown> };
    expect(item).toMatchObject({
      status: 8,
      title: 'Renamed',
      completedDate: null,
      lastActivityDate: new Date(sim.clock.now()).toISOString(),
    });
  });

  it('refuses a patch without an id, of an id that does not exist, or that empties a required field', async () => {
    expect(await refusal('Tickets', { status: 8 }, 'PATCH')).toContain('needs the "id"');
    expect(await refusal('Tickets', { id: 123, status: 8 }, 'PATCH')).toContain('there is no Ticket with id 123');
    expect(await refusal('Tickets', { id: 'abc' }, 'PATCH')).toContain('not a valid id');
    expect(await refusal('Tickets', { id: 70001, title: null }, 'PATCH')).toContain('title cannot be empty');
    expect(await refusal('Tickets', { id: 70001, priority: 9 }, 'PATCH')).toContain('priority');
  });

  it("patches a note through its ticket's child path, and only a note of that ticket", async () => {
    const notes = (await sim.call('Tickets/70001/Notes')).body as { items: Array<{ id: number }> };
    const noteId = notes.items[0]?.id;
    expect(noteId).toBeDefined();
    const patched = await sim.call('Tickets/70001/Notes', { method: 'PATCH', body: { id: noteId, title: 'Updated' } });
    expect(patched.body).toEqual({ itemId: noteId });
    expect(await refusal('Tickets/70002/Notes', { id: noteId, title: 'x' }, 'PATCH')).toContain('does not belong');
  });
});
