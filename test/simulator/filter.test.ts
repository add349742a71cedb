import { describe, expect, it } from 'vitest';
import { schemas, type EntityRecord } from '../../electron/simulator/entity-schema';
import { AutotaskError } from '../../electron/simulator/errors';
import { compileFilter } from '../../electron/simulator/filter';
import { generateSeedData } from '../../electron/simulator/seed-data';

const { Tickets: tickets, Companies: companies } = generateSeedData(1);

function idsMatching(filter: unknown, records: EntityRecord[] = tickets, schema = schemas.Tickets): number[] {
  const predicate = compileFilter(schema, filter);
  return records.filter(predicate).map((record) => record.id as number);
}

function idsWhere(test: (record: EntityRecord) => boolean, records: EntityRecord[] = tickets): number[] {
  return records.filter(test).map((record) => record.id as number);
}

function refusal(filter: unknown): string {
  try {
    compileFilter(schemas.Tickets, filter);
  } catch (error) {
    expect(error).toBeInstanceOf(AutotaskError);
    expect((error as AutotaskError).status).toBe(500);
    return (error as AutotaskError).message;
  }
  throw new Error(`filter was accepted: ${JSON.stringify(filter)}`);
}

const at = (record: EntityRecord, field: string) => record[field] as never;

describe('query filters', () => {
  it('compares numbers with eq, noteq, gt, gte, lt and lte', () => {
    const cases: Array<[string, (value: number) => boolean]> = [
      ['eq', (v) => v === 2],
      ['noteq', (v) => v !== 2],
      ['gt', (v) => v > 2],
      ['gte', (v) => v >= 2],
      ['lt', (v) => v < 2],
      ['lte', (v) => v <= 2],
    ];
    for (const [op, test] of cases) {
      const expected = idsWhere((record) => test(at(record, 'priority')));
      expect(expected.length, op).toBeGreaterThan(0);
      expect(idsMatching([{ op, field: 'priority', value: 2 }]), op).toEqual(expected);
    }
  });

  it('reads field names and operators in any letter case, and numbers sent as strings', () => {
    const expected = idsWhere((record) => record.status === 1);
    expect(idsMatching([{ OP: 'EQ', Field: 'STATUS', Value: '1' }])).toEqual(expected);
  });

  it('matches text case-insensitively with eq, beginsWith, endsWith and contains', () => {
    const title = (record: EntityRecord) => (record.title as string).toLowerCase();
    expect(idsMatching([{ op: 'eq', field: 'title', value: 'LAPTOP RUNNING SLOW' }])).toEqual(
      idsWhere((record) => title(record) === 'laptop running slow'),
    );
    expect(idsMatching([{ op: 'beginsWith', field: 'title', value: 'backup' }])).toEqual(
      idsWhere((record) => title(record).startsWith('backup')),
    );
    expect(idsMatching([{ op: 'endsWith', field: 'title', value: 'SQL01' }])).toEqual(
      idsWhere((record) => title(record).endsWith('sql01')),
    );
    const containing = idsWhere((record) => title(record).includes('password'));
    expect(containing.length).toBeGreaterThan(0);
    expect(idsMatching([{ op: 'contains', field: 'title', value: 'Password' }])).toEqual(containing);
  });

  it('compares dates as instants, whatever ISO form the value takes', () => {
    const cutoff = Date.UTC(2025, 11, 1);
    const expected = idsWhere((record) => Date.parse(record.createDate as string) >= cutoff);
    expect(expected.length).toBeGreaterThan(0);
    for (const value of ['2025-12-01', '2025-12-01T00:00:00Z', '2025-12-01T00:00:00', '2025-12-01T01:00:00+01:00']) {
      expect(idsMatching([{ op: 'gte', field: 'createDate', value }]), value).toEqual(expected);
    }
    expect(idsMatching([{ op: 'lt', field: 'createdate', value: '2025-12-01T00:00:00.0000000' }])).toEqual(
      idsWhere((record) => Date.parse(record.createDate as string) < cutoff),
    );
  });

  it('finds empty and filled fields with exist and notExist', () => {
    const unassigned = idsWhere((record) => record.assignedResourceID === null);
    expect(unassigned.length).toBeGreaterThan(0);
    expect(idsMatching([{ op: 'notExist', field: 'assignedResourceID' }])).toEqual(unassigned);
    expect(idsMatching([{ op: 'exist', field: 'assignedResourceID' }])).toEqual(
      idsWhere((record) => record.assignedResourceID !== null),
    );
  });

  it('matches lists with in and notIn, and an empty field with neither', () => {
    expect(idsMatching([{ op: 'in', field: 'status', value: [1, '8'] }])).toEqual(
      idsWhere((record) => record.status === 1 || record.status === 8),
    );
    expect(idsMatching([{ op: 'notIn', field: 'assignedResourceID', value: [29682885] }])).toEqual(
      idsWhere((record) => record.assignedResourceID !== null && record.assignedResourceID !== 29682885),
    );
  });

  it('compares booleans', () => {
    expect(idsMatching([{ op: 'eq', field: 'isActive', value: false }], companies, schemas.Companies)).toEqual(
      idsWhere((record) => record.isActive === false, companies),
    );
  });

  it('requires every top-level condition and combines nested and/or groups', () => {
    const filter = [
      { op: 'eq', field: 'priority', value: 1 },
      {
        op: 'or',
        items: [
          { op: 'eq', field: 'status', value: 1 },
          {
            op: 'and',
            items: [
              { op: 'eq', field: 'status', value: 8 },
              { op: 'contains', field: 'title', value: 'backup' },
            ],
          },
        ],
      },
    ];
    const expected = idsWhere(
      (record) =>
        record.priority === 1 &&
        (record.status === 1 || (record.status === 8 && (record.title as string).toLowerCase().includes('backup'))),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(idsMatching(filter)).toEqual(expected);
  });

  it("refuses an unknown field with Autotask's words", () => {
    expect(refusal([{ op: 'eq', field: 'projectID', value: 1 }])).toBe(
      'Unable to find projectID in the Ticket Entity.',
    );
    expect(refusal([{ op: 'or', items: [{ op: 'exist', field: 'nope' }] }])).toContain('Unable to find nope');
  });

  it('refuses an unknown operator, naming it and where it is, rather than ignoring it', () => {
    const message = refusal([
      { op: 'exist', field: 'id' },
      { op: 'ne', field: 'status', value: 5 },
    ]);
    expect(message).toContain('filter[1]');
    expect(message).toContain('"ne"');
    expect(message).toContain('noteq');
  });

  it('refuses a missing or empty filter, conditions that are not objects, and groups without items', () => {
    expect(refusal(undefined)).toContain('"filter"');
    expect(refusal([])).toContain('non-empty array');
    expect(refusal({ op: 'eq' })).toContain('"filter"');
    expect(refusal(['status = 1'])).toContain('filter[0] must be an object');
    expect(refusal([{ field: 'id', value: 1 }])).toContain('has no "op"');
    expect(refusal([{ op: 'eq', value: 1 }])).toContain('has no "field"');
    expect(refusal([{ op: 'and', items: [] }])).toContain('"items"');
    expect(refusal([{ op: 'or' }])).toContain('"items"');
  });

  it('refuses values that do not fit the field, naming the field', () => {
    expect(refusal([{ op: 'eq', field: 'status', value: 'open' }])).toContain('not a valid integer for status');
    expect(refusal([{ op: 'gt', field: 'createDate', value: 'yesterday' }])).toContain('createDate');
    expect(refusal([{ op: 'eq', field: 'status' }])).toContain('needs a "value"');
    expect(refusal([{ op: 'in', field: 'status', value: 1 }])).toContain('non-empty array');
    expect(refusal([{ op: 'contains', field: 'status', value: '1' }])).toContain('works on text fields');
  });

  it('refuses filters nested deeper than 16 levels instead of overflowing the stack', () => {
    let deep: unknown = { op: 'exist', field: 'id' };
    for (let level = 0; level < 5000; level++) deep = { op: 'and', items: [deep] };
    expect(refusal([deep])).toContain('nest at most 16 levels');
  });
});
