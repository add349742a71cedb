import { describe, expect, it } from 'vitest';
import { checkEntity, checkId, queryBody, readItem, readItemId, readQueryPage } from '../../electron/autotask/entities';

const invalid = expect.objectContaining({ kind: 'invalid-request' });
const malformed = expect.objectContaining({ kind: 'malformed-response' });

describe('queryBody', () => {
  const filter = [{ op: 'eq', field: 'status', value: 1 }];

  it("uses Autotask's field names", () => {
    expect(queryBody({ filter, maxRecords: 50, includeFields: ['id', 'title'] })).toEqual({
      filter,
      MaxRecords: 50,
      IncludeFields: ['id', 'title'],
    });
    expect(queryBody({ filter })).toEqual({ filter });
  });

  it('refuses a query Autotask would reject, saying why', () => {
    expect(() => queryBody({ filter: [] })).toThrow(/at least one filter/);
    expect(() => queryBody({ filter, maxRecords: 501 })).toThrow(/maxRecords must be a whole number from 1 to 500/);
    expect(() => queryBody({ filter, maxRecords: 0 })).toThrow(invalid);
  });
});

describe('entity names and ids', () => {
  it('accepts entities and child collections, and nothing that could escape the path', () => {
    expect(checkEntity('Tickets')).toBe('Tickets');
    expect(checkEntity('Tickets/12/Notes')).toBe('Tickets/12/Notes');
    for (const entity of ['', '../Tickets', 'Tickets/query', 'Tickets?x=1', 'https://evil.example/']) {
      expect(() => checkEntity(entity), entity).toThrow(invalid);
    }
    expect(() => checkId(0, 'id')).toThrow(/id must be a positive whole number, got 0/);
    expect(() => checkId(1.5, 'id')).toThrow(invalid);
  });
});

describe('reading answers', () => {
  it('reads a page, an item, a missing item and an item id', () => {
    const next = 'https://zone.example/ATServicesRest/V1.0/Tickets/query/next?paging=abc';
    expect(readQueryPage({ items: [{ id: 1 }], pageDetails: { count: 1, nextPageUrl: next } }, 'Tickets')).toEqual({
      items: [{ id: 1 }],
      nextPageUrl: next,
    });
    expect(readQueryPage({ items: [], pageDetails: { nextPageUrl: null } }, 'Tickets').nextPageUrl).toBeNull();
    expect(readItem({ item: { id: 7 } }, 'Tickets')).toEqual({ id: 7 });
    expect(readItem({ item: null }, 'Tickets')).toBeNull();
    expect(readItemId({ itemId: 42 }, 'Tickets')).toBe(42);
  });

  it('refuses answers in another shape, naming the field', () => {
    expect(() => readQueryPage({ items: {} }, 'Tickets')).toThrow(/Tickets query.*items/);
    expect(() => readQueryPage({ items: [] }, 'Tickets')).toThrow(malformed);
    expect(() => readItem({}, 'Tickets')).toThrow(malformed);
    expect(() => readItemId({ itemId: '42' }, 'Tickets')).toThrow(/itemId/);
  });
});
