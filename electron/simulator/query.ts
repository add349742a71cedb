import type { EntityRecord, EntitySchema, FieldSpec } from './entity-schema';
import type { EntityStore } from './entity-store';
import { validationError } from './errors';
import { shown } from './field-values';
import { compileFilter, lowerCaseKeys, type Predicate } from './filter';

/** Autotask's page size limit, and the default when a query names none. */
export const maxRecordsPerPage = 500;

export interface Query {
  /** The query as the client sent it, carried in page URLs so following one re-runs the same query. */
  search: Record<string, unknown>;
  predicate: Predicate;
  pageSize: number;
  /** Only these fields (and id) in each item; undefined for all fields. */
  includeFields?: readonly FieldSpec[];
}

/** Where a page starts: after the last id of the page before, or before the first id of the page after. */
export type Cursor = { afterId: number } | { beforeId: number };

export interface Page {
  records: EntityRecord[];
  next?: Cursor;
  prev?: Cursor;
}

/** Reads a query body ({filter, MaxRecords, IncludeFields}, keys in any letter case). */
export function parseQuery(schema: EntitySchema, search: unknown): Query {
  if (typeof search !== 'object' || search === null || Array.isArray(search)) {
    throw validationError(`A query must be a JSON object with a "filter"; got ${shown(search)}.`);
  }
  const keys = lowerCaseKeys(search as Record<string, unknown>);
  return {
    search: search as Record<string, unknown>,
    predicate: compileFilter(schema, keys.filter),
    pageSize: pageSizeFrom(keys.maxrecords),
    includeFields: includeFieldsFrom(schema, keys.includefields),
  };
}

/** The page of matching records at `cursor` (the first page without one), in id order. */
export function pageOf(store: EntityStore, query: Query, cursor?: Cursor): Page {
  return cursor && 'beforeId' in cursor ? pageBefore(store, query, cursor.beforeId) : pageAfter(store, query, cursor);
}

export function countMatching(store: EntityStore, predicate: Predicate): number {
  return store.all.filter(predicate).length;
}

/** The record as an answer carries it: a copy, narrowed to IncludeFields when the query names them. */
export function projected(record: EntityRecord, includeFields?: readonly FieldSpec[]): object {
  if (!includeFields) return { ...record, userDefinedFields: [] };
  const item: EntityRecord = { id: record.id ?? null };
  for (const field of includeFields) item[field.name] = record[field.name] ?? null;
  return item;
}

function pageAfter(store: EntityStore, query: Query, cursor?: { afterId: number }): Page {
  const start = cursor ? store.indexAfter(cursor.afterId) : 0;
  const records = collect(store, query.predicate, start, 1, query.pageSize + 1);
  const hasNext = records.length > query.pageSize;
  if (hasNext) records.pop();
  const first = records[0];
  const hasPrev = first !== undefined && cursor !== undefined && anyMatch(store, query.predicate, start - 1, -1);
  return pageWith(records, hasNext, hasPrev);
}

function pageBefore(store: EntityStore, query: Query, beforeId: number): Page {
  const end = store.indexAfter(beforeId - 1);
  const records = collect(store, query.predicate, end - 1, -1, query.pageSize + 1);
  const hasPrev = records.length > query.pageSize;
  if (hasPrev) records.pop();
  records.reverse();
  const hasNext = records.length > 0 && anyMatch(store, query.predicate, end, 1);
  return pageWith(records, hasNext, hasPrev);
}

function pageWith(records: EntityRecord[], hasNext: boolean, hasPrev: boolean): Page {
  const first = records[0];
  const last = records[records.length - 1];
  return {
    records,
    next: hasNext && last ? { afterId: last.id as number } : undefined,
    prev: hasPrev && first ? { beforeId: first.id as number } : undefined,
  };
}

function collect(store: EntityStore, predicate: Predicate, from: number, step: 1 | -1, wanted: number): EntityRecord[] {
  const found: EntityRecord[] = [];
  for (let index = from; index >= 0 && index < store.size && found.length < wanted; index += step) {
    const record = store.at(index);
    if (record && predicate(record)) found.push(record);
  }
  return found;
}

function anyMatch(store: EntityStore, predicate: Predicate, from: number, step: 1 | -1): boolean {
  return collect(store, predicate, from, step, 1).length > 0;
}

function pageSizeFrom(raw: unknown): number {
  if (raw === undefined || raw === null) return maxRecordsPerPage;
  const size = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > maxRecordsPerPage) {
    throw validationError(`MaxRecords must be a whole number from 1 to ${maxRecordsPerPage}; got ${shown(raw)}.`);
  }
  return size;
}

function includeFieldsFrom(schema: EntitySchema, raw: unknown): FieldSpec[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw validationError(`IncludeFields must be an array of field names; got ${shown(raw)}.`);
  if (raw.length === 0) return undefined;
  return raw.map((name) => {
    const field = typeof name === 'string' ? schema.field(name) : undefined;
    if (!field) throw validationError(`Unable to find ${String(name)} in the ${schema.singular} Entity.`);
    return field;
  });
}
