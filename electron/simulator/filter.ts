import type { EntityRecord, EntitySchema, FieldSpec, FieldValue } from './entity-schema';
import { validationError } from './errors';
import { fieldValueFrom, shown, timeFrom } from './field-values';

export type Predicate = (record: EntityRecord) => boolean;

const comparisons = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte'];
const textMatches = ['beginswith', 'endswith', 'contains'];
const operators = 'eq, noteq, gt, gte, lt, lte, beginsWith, endsWith, contains, exist, notExist, in, notIn, and, or';
const maxDepth = 16;

/**
 * Compiles a query's filter (an array of conditions, all of which must hold) into a predicate, once per request.
 * Operators and field names are matched in any letter case. Strings compare case-insensitively and dates by
 * instant, as Autotask's database does; an empty field satisfies no comparison but notExist.
 *
 * Autotask reportedly ignores a condition with an unknown operator and returns everything; the simulator refuses
 * it instead, since a client that sends one has a bug it should see.
 */
export function compileFilter(schema: EntitySchema, filter: unknown): Predicate {
  if (!Array.isArray(filter) || filter.length === 0) {
    throw validationError(
      'A query needs a "filter": a non-empty array of conditions, such as [{"op":"gte","field":"id","value":0}].',
    );
  }
  return allOf(filter.map((item, index) => compileCondition(schema, item, `filter[${index}]`, 1)));
}

function compileCondition(schema: EntitySchema, item: unknown, where: string, depth: number): Predicate {
  if (depth > maxDepth) throw validationError(`${where}: filters may nest at most ${maxDepth} levels deep.`);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw validationError(`${where} must be an object such as {"op":"eq","field":"id","value":1}; got ${shown(item)}.`);
  }
  const condition = lowerCaseKeys(item as Record<string, unknown>);
  if (typeof condition.op !== 'string') throw validationError(`${where} has no "op" (one of ${operators}).`);
  const op = condition.op.toLowerCase();
  if (op === 'and' || op === 'or') {
    const items = condition.items;
    if (!Array.isArray(items) || items.length === 0) {
      throw validationError(`${where}: "${condition.op}" needs "items", a non-empty array of conditions.`);
    }
    const parts = items.map((part, index) => compileCondition(schema, part, `${where}.items[${index}]`, depth + 1));
    return op === 'and' ? allOf(parts) : anyOf(parts);
  }
  if (typeof condition.field !== 'string') throw validationError(`${where} has no "field".`);
  const field = schema.field(condition.field);
  if (!field) throw validationError(`Unable to find ${condition.field} in the ${schema.singular} Entity.`);
  const valueOf = (record: EntityRecord): FieldValue => record[field.name] ?? null;

  if (op === 'exist') return (record) => !isEmpty(valueOf(record));
  if (op === 'notexist') return (record) => isEmpty(valueOf(record));
  if (op === 'in' || op === 'notin') {
    const list = condition.value;
    if (!Array.isArray(list) || list.length === 0) {
      throw validationError(`${where}: "${condition.op}" needs "value", a non-empty array; got ${shown(list)}.`);
    }
    const wanted = new Set(list.map((value) => comparable(field, value, where, condition.op as string)));
    const isIn = op === 'in';
    return (record) => {
      const value = valueOf(record);
      return value !== null && wanted.has(comparableOf(field, value)) === isIn;
    };
  }
  if (textMatches.includes(op)) {
    if (field.type !== 'string') {
      throw validationError(`${where}: "${condition.op}" works on text fields; ${field.name} is ${field.type}.`);
    }
    const part = comparable(field, condition.value, where, condition.op) as string;
    const matches =
      op === 'beginswith'
        ? (text: string) => text.startsWith(part)
        : op === 'endswith'
          ? (text: string) => text.endsWith(part)
          : (text: string) => text.includes(part);
    return (record) => {
      const value = valueOf(record);
      return value !== null && matches(String(value).toLowerCase());
    };
  }
  if (comparisons.includes(op)) {
    const target = comparable(field, condition.value, where, condition.op);
    const test = comparisonTest(op);
    return (record) => {
      const value = valueOf(record);
      return value !== null && test(comparableOf(field, value), target);
    };
  }
  throw validationError(`${where}: "${condition.op}" is not a filter operator; use one of ${operators}.`);
}

type Comparable = number | string;

/** The value a client compares with, in the form records are compared in. */
function comparable(field: FieldSpec, raw: unknown, where: string, op: string): Comparable {
  if (raw === undefined || raw === null) {
    throw validationError(`${where}: "${op}" needs a "value" for ${field.name}; to find empty fields use "notExist".`);
  }
  const value = fieldValueFrom(field, raw);
  if (value === undefined)
    throw validationError(`${where}: ${shown(raw)} is not a valid ${field.type} for ${field.name}.`);
  return comparableOf(field, value);
}

function comparableOf(field: FieldSpec, value: Exclude<FieldValue, null>): Comparable {
  if (field.type === 'datetime') return timeFrom(value) ?? Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

function comparisonTest(op: string): (value: Comparable, target: Comparable) => boolean {
  switch (op) {
    case 'eq':
      return (value, target) => value === target;
    case 'noteq':
      return (value, target) => value !== target;
    case 'gt':
      return (value, target) => value > target;
    case 'gte':
      return (value, target) => value >= target;
    case 'lt':
      return (value, target) => value < target;
    default:
      return (value, target) => value <= target;
  }
}

function isEmpty(value: FieldValue): boolean {
  return value === null || value === '';
}

function allOf(parts: Predicate[]): Predicate {
  return (record) => parts.every((part) => part(record));
}

function anyOf(parts: Predicate[]): Predicate {
  return (record) => parts.some((part) => part(record));
}

export function lowerCaseKeys(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key.toLowerCase(), value]));
}
