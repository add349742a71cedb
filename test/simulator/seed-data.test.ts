import { describe, expect, it } from 'vitest';
import { schemas, type EntityName } from '../../electron/simulator/entity-schema';
import { fieldValueFrom } from '../../electron/simulator/field-values';
import { generateSeedData, seedSizes } from '../../electron/simulator/seed-data';

const data = generateSeedData(1);

describe('seed data', () => {
  it('is the same for the same seed and different for another', () => {
    expect(generateSeedData(1)).toEqual(data);
    expect(generateSeedData(2).Tickets.slice(0, 20)).not.toEqual(data.Tickets.slice(0, 20));
  });

  it('holds enough records that paging is real', () => {
    expect(data.Tickets).toHaveLength(seedSizes.tickets);
    expect(data.Companies).toHaveLength(seedSizes.companies);
    expect(data.Contacts).toHaveLength(seedSizes.contacts);
    expect(data.TicketNotes.length).toBeGreaterThan(5000);
  });

  it("gives every record each of its entity's fields, with a value its type and picklist allow", () => {
    const wrong: string[] = [];
    for (const entity of Object.keys(data) as EntityName[]) {
      const schema = schemas[entity];
      const fieldNames = schema.fields.map((field) => field.name).join();
      for (const record of data[entity]) {
        if (Object.keys(record).join() !== fieldNames) wrong.push(`${entity} ${record.id} has other fields`);
        for (const field of schema.fields) {
          const value = record[field.name];
          if (value === null || value === undefined) continue;
          const fits =
            fieldValueFrom(field, value) === value &&
            (!field.picklist || field.picklist.includes(value as number)) &&
            (!field.maxLength || String(value).length <= field.maxLength);
          if (!fits) wrong.push(`${entity} ${record.id} ${field.name}=${String(value)}`);
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('points only at records that exist: contacts at companies, tickets at both, notes at tickets', () => {
    const ids = (entity: EntityName) => new Set(data[entity].map((record) => record.id));
    const [companies, contacts, tickets] = [ids('Companies'), ids('Contacts'), ids('Tickets')];
    expect(data.Contacts.filter((contact) => !companies.has(contact.companyID))).toEqual([]);
    expect(data.Tickets.filter((ticket) => !companies.has(ticket.companyID))).toEqual([]);
    expect(data.Tickets.filter((ticket) => ticket.contactID !== null && !contacts.has(ticket.contactID))).toEqual([]);
    expect(data.TicketNotes.filter((note) => !tickets.has(note.ticketID))).toEqual([]);
  });

  it('numbers tickets per day as Autotask does, in the order they were opened', () => {
    const numbers = data.Tickets.map((ticket) => ticket.ticketNumber as string);
    expect(new Set(numbers).size).toBe(numbers.length);
    const misnumbered = data.Tickets.filter(
      (ticket) =>
        (ticket.ticketNumber as string).slice(1, 9) !== (ticket.createDate as string).slice(0, 10).replaceAll('-', ''),
    );
    expect(misnumbered).toEqual([]);
    expect(numbers.every((number) => /^T\d{8}\.\d{4}$/.test(number))).toBe(true);
    expect(numbers.at(-1)).toMatch(/^T20260105\./);
  });
});
