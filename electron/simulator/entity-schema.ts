/**
 * The four entities the simulator serves, with Autotask's field names and types. Field names are matched
 * case-insensitively, as Autotask does; answers always use the spelling below.
 */
export type FieldValue = string | number | boolean | null;
export type EntityRecord = Record<string, FieldValue>;
type FieldType = 'integer' | 'decimal' | 'string' | 'boolean' | 'datetime';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Must be given on create. */
  required?: boolean;
  /** Set by the server; ignored in create and patch bodies, as Autotask ignores them. */
  readOnly?: boolean;
  /** The values Autotask's picklist allows. */
  picklist?: readonly number[];
  /** The entity whose id this field holds; create and patch refuse ids that do not exist. */
  references?: EntityName;
  maxLength?: number;
}

export const entityNames = ['Tickets', 'Companies', 'Contacts', 'TicketNotes'] as const;
export type EntityName = (typeof entityNames)[number];

export interface EntitySchema {
  name: EntityName;
  /** How Autotask names one of them in messages ("Unable to find x in the Ticket Entity"). */
  singular: string;
  fields: readonly FieldSpec[];
  field(name: string): FieldSpec | undefined;
}

export const ticketStatuses = { new: 1, complete: 5, waitingCustomer: 7, inProgress: 8, waitingMaterials: 9 };
export const ticketPriorities = { high: 1, medium: 2, low: 3, critical: 4 };
export const queueIds = [5, 6, 8, 29682833, 29682969];
export const ticketTypes = [1, 2, 3, 4, 5];
export const companyTypes = { customer: 1, lead: 2, prospect: 3, dead: 4, cancelation: 6, vendor: 7, partner: 8 };
export const resourceIds = [29682885, 29682886, 29682887, 29682888, 29682889, 29682890, 29682891, 29682892];
export const noteTypes = [1, 2, 3];
export const notePublishValues = [1, 2];

const id: FieldSpec = { name: 'id', type: 'integer', readOnly: true };
const createDate: FieldSpec = { name: 'createDate', type: 'datetime', readOnly: true };
const lastActivityDate: FieldSpec = { name: 'lastActivityDate', type: 'datetime', readOnly: true };

const fieldsByEntity: Record<EntityName, { singular: string; fields: FieldSpec[] }> = {
  Tickets: {
    singular: 'Ticket',
    fields: [
      id,
      { name: 'ticketNumber', type: 'string', readOnly: true },
      { name: 'title', type: 'string', required: true, maxLength: 255 },
      { name: 'description', type: 'string', maxLength: 8000 },
      { name: 'status', type: 'integer', required: true, picklist: Object.values(ticketStatuses) },
      { name: 'priority', type: 'integer', required: true, picklist: Object.values(ticketPriorities) },
      { name: 'queueID', type: 'integer', picklist: queueIds },
      { name: 'ticketType', type: 'integer', picklist: ticketTypes },
      { name: 'companyID', type: 'integer', required: true, references: 'Companies' },
      { name: 'contactID', type: 'integer', references: 'Contacts' },
      { name: 'assignedResourceID', type: 'integer', picklist: resourceIds },
      { name: 'estimatedHours', type: 'decimal' },
      createDate,
      lastActivityDate,
      { name: 'dueDateTime', type: 'datetime' },
      { name: 'completedDate', type: 'datetime', readOnly: true },
    ],
  },
  Companies: {
    singular: 'Company',
    fields: [
      id,
      { name: 'companyName', type: 'string', required: true, maxLength: 100 },
      { name: 'companyNumber', type: 'string', maxLength: 50 },
      { name: 'companyType', type: 'integer', required: true, picklist: Object.values(companyTypes) },
      { name: 'isActive', type: 'boolean' },
      { name: 'phone', type: 'string', required: true, maxLength: 25 },
      { name: 'address1', type: 'string', maxLength: 128 },
      { name: 'city', type: 'string', maxLength: 30 },
      { name: 'state', type: 'string', maxLength: 25 },
      { name: 'postalCode', type: 'string', maxLength: 10 },
      { name: 'webAddress', type: 'string', maxLength: 255 },
      { name: 'ownerResourceID', type: 'integer', required: true, picklist: resourceIds },
      createDate,
      lastActivityDate,
    ],
  },
  Contacts: {
    singular: 'Contact',
    fields: [
      id,
      { name: 'companyID', type: 'integer', required: true, references: 'Companies' },
      { name: 'firstName', type: 'string', required: true, maxLength: 50 },
      { name: 'lastName', type: 'string', required: true, maxLength: 50 },
      { name: 'emailAddress', type: 'string', maxLength: 254 },
      { name: 'phone', type: 'string', maxLength: 25 },
      { name: 'title', type: 'string', maxLength: 50 },
      // An integer 0/1 in Autotask's Contacts entity, unlike the boolean of Companies.
      { name: 'isActive', type: 'integer', required: true, picklist: [0, 1] },
      createDate,
      lastActivityDate,
    ],
  },
  TicketNotes: {
    singular: 'TicketNote',
    fields: [
      id,
      { name: 'ticketID', type: 'integer', required: true, references: 'Tickets' },
      { name: 'title', type: 'string', required: true, maxLength: 250 },
      { name: 'description', type: 'string', required: true, maxLength: 32000 },
      { name: 'noteType', type: 'integer', required: true, picklist: noteTypes },
      { name: 'publish', type: 'integer', required: true, picklist: notePublishValues },
      { name: 'creatorResourceID', type: 'integer', picklist: resourceIds },
      { name: 'createDateTime', type: 'datetime', readOnly: true },
      lastActivityDate,
    ],
  },
};

function schemaOf(name: EntityName): EntitySchema {
  const { singular, fields } = fieldsByEntity[name];
  const byLowerName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  return { name, singular, fields, field: (fieldName) => byLowerName.get(fieldName.toLowerCase()) };
}

export const schemas: Record<EntityName, EntitySchema> = {
  Tickets: schemaOf('Tickets'),
  Companies: schemaOf('Companies'),
  Contacts: schemaOf('Contacts'),
  TicketNotes: schemaOf('TicketNotes'),
};

const entityByLowerName = new Map(entityNames.map((name) => [name.toLowerCase(), name]));

/** The entity a path segment names, in any letter case. */
export function entityNamed(segment: string): EntityName | undefined {
  return entityByLowerName.get(segment.toLowerCase());
}
