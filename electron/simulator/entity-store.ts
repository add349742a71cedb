import { entityNames, schemas, type EntityName, type EntityRecord, type EntitySchema } from './entity-schema';
import { generateSeedData } from './seed-data';

/** One entity's records, ordered by id (new records get the next id, so the order holds). */
export class EntityStore {
  private readonly records: EntityRecord[];
  private readonly byId = new Map<number, EntityRecord>();

  constructor(
    readonly schema: EntitySchema,
    records: EntityRecord[],
  ) {
    this.records = [...records].sort((a, b) => (a.id as number) - (b.id as number));
    for (const record of this.records) this.byId.set(record.id as number, record);
  }

  get size(): number {
    return this.records.length;
  }

  get(id: number): EntityRecord | undefined {
    return this.byId.get(id);
  }

  at(index: number): EntityRecord | undefined {
    return this.records[index];
  }

  /** Every record, in id order. */
  get all(): readonly EntityRecord[] {
    return this.records;
  }

  /** The position of the first record whose id is greater than `id` (binary search). */
  indexAfter(id: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (Number(this.records[middle]?.id) <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Replaces the record with a changed copy: records may be shared with other tenants of the same seed. */
  update(id: number, changes: EntityRecord): void {
    const index = this.indexAfter(id) - 1;
    const record = { ...this.byId.get(id), ...changes, id };
    this.records[index] = record;
    this.byId.set(id, record);
  }

  /** Stores a new record under the next free id and returns that id. */
  insert(fields: EntityRecord): number {
    const last = this.records[this.records.length - 1];
    const id = last ? (last.id as number) + 1 : 1;
    const record = { ...fields, id };
    this.records.push(record);
    this.byId.set(id, record);
    return id;
  }
}

/** Every entity's records for one tenant. */
export type TenantData = Record<EntityName, EntityStore>;

/** The seed's records are generated once per process and shared, read-only, by every tenant started with it. */
const seedRecords = new Map<number, Record<EntityName, EntityRecord[]>>();

export function tenantDataFor(seed: number): TenantData {
  const records = seedRecords.get(seed) ?? frozen(generateSeedData(seed));
  seedRecords.set(seed, records);
  return Object.fromEntries(
    entityNames.map((name) => [name, new EntityStore(schemas[name], records[name])]),
  ) as TenantData;
}

function frozen(records: Record<EntityName, EntityRecord[]>): Record<EntityName, EntityRecord[]> {
  for (const list of Object.values(records)) for (const record of list) Object.freeze(record);
  return records;
}
