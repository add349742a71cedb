import { z } from 'zod';
import { AutotaskError } from './errors';
import { readShape } from './read-answer';

/** The shapes of Autotask's entity calls (query, get, create, update), and checks on what callers pass in. */
export type EntityItem = Record<string, unknown>;

/** `{op: 'eq', field: 'status', value: 1}`, or a group `{op: 'or', items: [...]}`. */
export interface QueryFilter {
  op: string;
  field?: string;
  value?: unknown;
  udf?: boolean;
  items?: QueryFilter[];
}

export interface QueryOptions {
  filter: QueryFilter[];
  /** At most 500 (Autotask's page size limit). */
  maxRecords?: number;
  includeFields?: string[];
  signal?: AbortSignal;
}

export interface QueryPage {
  items: EntityItem[];
  /** Absolute URL of the next page, null on the last one. */
  nextPageUrl: string | null;
}

export const MAX_RECORDS_PER_PAGE = 500;

const item = z.record(z.string(), z.unknown());
const pageSchema = z.object({
  items: z.array(item),
  pageDetails: z.object({ nextPageUrl: z.string().nullable().optional() }),
});
const itemSchema = z.object({ item: item.nullable() });
const itemIdSchema = z.object({ itemId: z.number() });

export function queryBody(options: QueryOptions): Record<string, unknown> {
  const { filter, maxRecords, includeFields } = options;
  if (!Array.isArray(filter) || filter.length === 0) {
    throw invalidRequest('a query needs at least one filter, e.g. {op: "exist", field: "id"}');
  }
  if (
    maxRecords !== undefined &&
    !(Number.isInteger(maxRecords) && maxRecords >= 1 && maxRecords <= MAX_RECORDS_PER_PAGE)
  ) {
    throw invalidRequest(`maxRecords must be a whole number from 1 to ${MAX_RECORDS_PER_PAGE}, got ${maxRecords}`);
  }
  return {
    filter,
    ...(maxRecords === undefined ? {} : { MaxRecords: maxRecords }),
    ...(includeFields === undefined ? {} : { IncludeFields: includeFields }),
  };
}

export function readQueryPage(json: unknown, entity: string): QueryPage {
  const page = readShape(pageSchema, json, `${entity} query`);
  return { items: page.items, nextPageUrl: page.pageDetails.nextPageUrl || null };
}

export function readItem(json: unknown, entity: string): EntityItem | null {
  return readShape(itemSchema, json, entity).item;
}

export function readItemId(json: unknown, entity: string): number {
  return readShape(itemIdSchema, json, entity).itemId;
}

const ENTITY_PATH = /^[A-Za-z][A-Za-z0-9]*(\/\d+\/[A-Za-z][A-Za-z0-9]*)?$/;

/** An entity such as "Tickets", or a child collection such as "Tickets/12/Notes". */
export function checkEntity(entity: string): string {
  if (typeof entity === 'string' && ENTITY_PATH.test(entity)) return entity;
  throw invalidRequest(`"${String(entity)}" is not an Autotask entity (expected e.g. "Tickets" or "Tickets/12/Notes")`);
}

export function checkId(id: number, what: string): number {
  if (Number.isSafeInteger(id) && id > 0) return id;
  throw invalidRequest(`${what} must be a positive whole number, got ${String(id)}`);
}

export function invalidRequest(problem: string): AutotaskError {
  return new AutotaskError('invalid-request', `Invalid Autotask call: ${problem}`);
}
