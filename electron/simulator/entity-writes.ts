import { ticketStatuses, type EntityName, type EntityRecord, type FieldSpec, type FieldValue } from './entity-schema';
import type { TenantData } from './entity-store';
import { validationError } from './errors';
import { fieldValueFrom, shown } from './field-values';
import { lowerCaseKeys } from './filter';

/**
 * Create and update (PATCH), validated as Autotask does: required fields, types, picklists, lengths and that the
 * ids a record points to exist. Every refusal is a 500 whose text names the field. Fields the server sets (id,
 * dates, ticket numbers) and fields the entity does not have are ignored, as Autotask's JSON binding ignores them.
 */
export function createRecord(data: TenantData, entity: EntityName, body: unknown, now: number): number {
  const store = data[entity];
  const { schema } = store;
  const fields = writableFieldsFrom(data, entity, body);
  const missing = schema.fields.filter((field) => field.required && isBlank(fields[field.name]));
  if (missing.length > 0) {
    const names = missing.map((field) => field.name).join(', ');
    throw validationError(`Missing required field(s) for a new ${schema.singular}: ${names}.`);
  }
  const record: EntityRecord = Object.fromEntries(schema.fields.map((field) => [field.name, null]));
  Object.assign(record, fields, serverSetFields(data, entity, record, fields, now, true));
  return store.insert(record);
}

export function patchRecord(data: TenantData, entity: EntityName, body: unknown, now: number): number {
  const { schema } = data[entity];
  const id = idToPatch(body, schema.singular);
  const record = data[entity].get(id);
  if (!record) throw validationError(`Unable to update: there is no ${schema.singular} with id ${id}.`);
  const fields = writableFieldsFrom(data, entity, body);
  const cleared = schema.fields.filter(
    (field) => field.required && field.name in fields && isBlank(fields[field.name]),
  );
  if (cleared.length > 0) {
    throw validationError(`${cleared.map((field) => field.name).join(', ')} cannot be empty on a ${schema.singular}.`);
  }
  data[entity].update(id, { ...fields, ...serverSetFields(data, entity, record, fields, now, false) });
  return id;
}

/** The id in a PATCH body, which names the record to change. */
export function idToPatch(body: unknown, singular: string): number {
  const id = isObject(body) ? lowerCaseKeys(body).id : undefined;
  if (typeof id !== 'number' && typeof id !== 'string') {
    throw validationError(`A ${singular} update needs the "id" of the record to change in its body.`);
  }
  const number = Number(id);
  if (!Number.isSafeInteger(number) || number <= 0) throw validationError(`${shown(id)} is not a valid id.`);
  return number;
}

function writableFieldsFrom(data: TenantData, entity: EntityName, body: unknown): EntityRecord {
  if (!isObject(body))
    throw validationError(`The body must be a JSON object with the ${entity} fields; got ${shown(body)}.`);
  const { schema } = data[entity];
  const fields: EntityRecord = {};
  for (const [key, raw] of Object.entries(body)) {
    const field = schema.field(key);
    if (!field || field.readOnly) continue;
    fields[field.name] = checkedValue(data, field, raw);
  }
  return fields;
}

function checkedValue(data: TenantData, field: FieldSpec, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  const value = fieldValueFrom(field, raw);
  if (value === undefined) throw validationError(`${shown(raw)} is not a valid ${field.type} for ${field.name}.`);
  if (field.maxLength !== undefined && typeof value === 'string' && value.length > field.maxLength) {
    throw validationError(`${field.name} is longer than ${field.maxLength} characters.`);
  }
  if (field.picklist && !field.picklist.includes(value as number)) {
    throw validationError(
      `${shown(raw)} is not a valid value for ${field.name}; use one of ${field.picklist.join(', ')}.`,
    );
  }
  if (field.references && !data[field.references].get(value as number)) {
    throw validationError(
      `${field.name} ${value} does not exist: there is no such ${data[field.references].schema.singular}.`,
    );
  }
  return value;
}

/** What the server fills in: dates, the ticket number, the completion date that follows the status. */
function serverSetFields(
  data: TenantData,
  entity: EntityName,
  record: EntityRecord,
  changes: EntityRecord,
  now: number,
  isNew: boolean,
): EntityRecord {
  const at = new Date(now).toISOString();
  const set: EntityRecord = { lastActivityDate: at };
  if (isNew) set[entity === 'TicketNotes' ? 'createDateTime' : 'createDate'] = at;
  if (entity === 'Tickets') {
    if (isNew) set.ticketNumber = nextTicketNumber(data, at);
    const status = changes.status ?? record.status;
    if (status === ticketStatuses.complete) set.completedDate = record.completedDate ?? at;
    else if ('status' in changes) set.completedDate = null;
  }
  return set;
}

/** T{yyyymmdd}.{nnnn}: the day's next number, as Autotask numbers tickets. */
function nextTicketNumber(data: TenantData, at: string): string {
  const prefix = `T${at.slice(0, 10).replaceAll('-', '')}.`;
  let highest = 0;
  for (const ticket of data.Tickets.all) {
    const number = String(ticket.ticketNumber);
    if (number.startsWith(prefix)) highest = Math.max(highest, Number(number.slice(prefix.length)));
  }
  return `${prefix}${String(highest + 1).padStart(4, '0')}`;
}

function isBlank(value: FieldValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
