import {
  companyTypes,
  noteTypes,
  notePublishValues,
  queueIds,
  resourceIds,
  ticketPriorities,
  ticketStatuses,
  ticketTypes,
  type EntityName,
  type EntityRecord,
} from './entity-schema';
import { seededRandom } from './seeded-random';

/**
 * A tenant's worth of plausible records, the same for the same seed on every machine: enough tickets that paging is
 * real. Dates are fixed (the last ticket is opened on 5 January 2026), not relative to today, so runs compare.
 */
export const seedSizes = { companies: 300, contacts: 1500, tickets: 5000 };
const firstIds: Record<EntityName, number> = {
  Companies: 1001,
  Contacts: 30001,
  Tickets: 70001,
  TicketNotes: 200001,
};

const newestTicketAt = Date.UTC(2026, 0, 5, 8, 55, 0);
const hour = 3_600_000;
const day = 24 * hour;
const ticketSpanDays = 180;

const prefixes = ['Northwind', 'Contoso', 'Fabrikam', 'Bluebird', 'Riverside', 'Summit', 'Harbor', 'Oakridge'];
const morePrefixes = ['Pioneer', 'Lakeside', 'Granite', 'Cedar', 'Maple', 'Silverline', 'Evergreen', 'Redwood'];
const trades = ['Dental', 'Legal', 'Logistics', 'Manufacturing', 'Accounting', 'Veterinary', 'Realty', 'Engineering'];
const moreTrades = ['Clinic', 'Architects', 'Insurance', 'Foods', 'Motors', 'Builders', 'Consulting'];
const suffixes = ['LLC', 'Inc.', 'Group', 'Partners', 'Ltd', '& Co.'];
const places: Array<[string, string, string]> = [
  ['Springfield', 'IL', '217'],
  ['Madison', 'WI', '608'],
  ['Columbus', 'OH', '614'],
  ['Austin', 'TX', '512'],
  ['Raleigh', 'NC', '919'],
  ['Boise', 'ID', '208'],
  ['Tampa', 'FL', '813'],
  ['Portland', 'OR', '503'],
  ['Denver', 'CO', '303'],
  ['Albany', 'NY', '518'],
];
const streets = ['Main St', 'Oak Ave', 'Commerce Dr', 'Park Blvd', 'Market St', 'Industrial Way', 'Elm St'];
const firstNames = ['Alex', 'Jordan', 'Sam', 'Taylor', 'Morgan', 'Casey', 'Jamie', 'Riley', 'Avery', 'Quinn'];
const moreFirstNames = ['Maria', 'James', 'Priya', 'Chen', 'Fatima', 'Lars', 'Ana', 'Tom', 'Grace', 'Omar'];
const lastNames = ['Smith', 'Garcia', 'Nguyen', 'Patel', 'Johnson', 'Kowalski', 'Okafor', 'Brown', 'Larsen'];
const moreLastNames = ['Rossi', 'Tanaka', 'Miller', 'Dubois', 'Silva', 'Murphy', 'Cohen', 'Novak', 'Ahmed'];
const jobTitles = ['Office Manager', 'Owner', 'Bookkeeper', 'Practice Manager', 'Receptionist', 'IT Contact', 'CFO'];
const servers = ['DC01', 'FS01', 'SQL01', 'APP02', 'BACKUP01', 'HV01', 'RDS01'];
const problems = [
  (thing: string) => `Backup job failed on ${thing}`,
  (thing: string) => `Disk space low on ${thing}`,
  (thing: string) => `Monitoring alert: CPU high on ${thing}`,
  (thing: string) => `Windows updates pending reboot on ${thing}`,
  () => 'Outlook keeps asking for password',
  () => 'Printer offline in front office',
  () => 'VPN disconnects every few minutes',
  () => 'Cannot open shared drive',
  () => 'New user setup',
  () => 'Laptop running slow',
  () => 'Phishing email reported',
  () => 'Wi-Fi dropping in conference room',
  () => 'MFA prompt not arriving',
  () => 'License renewal request',
];
const noteTitles = ['Called customer', 'Remote session', 'Escalated to Level II', 'Waiting on vendor', 'Resolution'];
const noteBodies = [
  'Connected remotely and reproduced the issue.',
  'Left a voicemail; will try again this afternoon.',
  'Applied the fix and asked the user to confirm.',
  'Vendor case opened; waiting for their reply.',
  'Rebooted the service and monitored for 30 minutes, no further alerts.',
];

export function generateSeedData(seed: number): Record<EntityName, EntityRecord[]> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const iso = (ms: number) => new Date(ms).toISOString();

  const companies = uniqueCompanyNames(seedSizes.companies, pick).map((companyName, index): EntityRecord => {
    const [city, state, areaCode] = pick(places);
    const createdAt = newestTicketAt - between(200, 2000) * day;
    return {
      id: firstIds.Companies + index,
      companyName,
      companyNumber: `C${String(index + 1).padStart(5, '0')}`,
      companyType: random() < 0.85 ? companyTypes.customer : pick(Object.values(companyTypes)),
      isActive: random() < 0.92,
      phone: `(${areaCode}) 555-${String(between(100, 9999)).padStart(4, '0')}`,
      address1: `${between(1, 9999)} ${pick(streets)}`,
      city,
      state,
      postalCode: String(between(10000, 99999)),
      webAddress: `www.${slug(companyName)}.example`,
      ownerResourceID: pick(resourceIds),
      createDate: iso(createdAt),
      lastActivityDate: iso(createdAt + between(1, 180) * day),
    };
  });

  const contactsByCompany = new Map<number, number[]>();
  const contacts = Array.from({ length: seedSizes.contacts }, (_, index): EntityRecord => {
    const company = pick(companies);
    const [firstName, lastName] = [pick([...firstNames, ...moreFirstNames]), pick([...lastNames, ...moreLastNames])];
    const contactId = firstIds.Contacts + index;
    const companyId = company.id as number;
    const siblings = contactsByCompany.get(companyId) ?? [];
    siblings.push(contactId);
    contactsByCompany.set(companyId, siblings);
    const createdAt = Date.parse(company.createDate as string) + between(0, 150) * day;
    return {
      id: contactId,
      companyID: companyId,
      firstName,
      lastName,
      emailAddress: `${firstName}.${lastName}${index}@${slug(company.companyName as string)}.example`.toLowerCase(),
      phone: company.phone as string,
      title: pick(jobTitles),
      isActive: random() < 0.9 ? 1 : 0,
      createDate: iso(createdAt),
      lastActivityDate: iso(createdAt + between(0, 60) * day),
    };
  });

  const customers = companies.filter((company) => company.isActive && company.companyType === companyTypes.customer);
  const notes: EntityRecord[] = [];
  const ticketsPerDay = new Map<string, number>();
  const spacing = (ticketSpanDays * day) / seedSizes.tickets;
  const tickets = Array.from({ length: seedSizes.tickets }, (_, index): EntityRecord => {
    const createdAt = Math.round(newestTicketAt - (seedSizes.tickets - 1 - index) * spacing - random() * spacing * 0.9);
    const ageDays = (newestTicketAt - createdAt) / day;
    const status = ageDays > 14 && random() < 0.9 ? ticketStatuses.complete : pick(Object.values(ticketStatuses));
    const priority = pickPriority(random());
    const company = pick(customers);
    const companyContacts = contactsByCompany.get(company.id as number) ?? [];
    const lastActivityAt = createdAt + Math.round(random() * Math.min(ageDays, 10) * day);
    const dayKey = iso(createdAt).slice(0, 10).replaceAll('-', '');
    const sequence = (ticketsPerDay.get(dayKey) ?? 0) + 1;
    ticketsPerDay.set(dayKey, sequence);
    const ticketId = firstIds.Tickets + index;
    const title = pick(problems)(pick(servers));
    const ticket: EntityRecord = {
      id: ticketId,
      ticketNumber: `T${dayKey}.${String(sequence).padStart(4, '0')}`,
      title,
      description: `Reported for ${company.companyName as string}: ${title}.`,
      status,
      priority,
      queueID: pick(queueIds),
      ticketType: pick(ticketTypes),
      companyID: company.id as number,
      contactID: companyContacts.length > 0 && random() < 0.8 ? pick(companyContacts) : null,
      assignedResourceID: status === ticketStatuses.new && random() < 0.5 ? null : pick(resourceIds),
      estimatedHours: between(1, 32) / 4,
      createDate: iso(createdAt),
      lastActivityDate: iso(lastActivityAt),
      dueDateTime: iso(createdAt + dueHours(priority) * hour),
      completedDate: status === ticketStatuses.complete ? iso(lastActivityAt) : null,
    };
    for (let n = between(0, 3); n > 0; n--) {
      const at = createdAt + Math.round(random() * (lastActivityAt - createdAt));
      notes.push({
        id: firstIds.TicketNotes + notes.length,
        ticketID: ticketId,
        title: pick(noteTitles),
        description: pick(noteBodies),
        noteType: pick(noteTypes),
        publish: pick(notePublishValues),
        creatorResourceID: pick(resourceIds),
        createDateTime: iso(at),
        lastActivityDate: iso(at),
      });
    }
    return ticket;
  });

  return { Companies: companies, Contacts: contacts, Tickets: tickets, TicketNotes: notes };
}

function uniqueCompanyNames(count: number, pick: <T>(list: readonly T[]) => T): string[] {
  const names = new Set<string>();
  const allPrefixes = [...prefixes, ...morePrefixes];
  const allTrades = [...trades, ...moreTrades];
  while (names.size < count) names.add(`${pick(allPrefixes)} ${pick(allTrades)} ${pick(suffixes)}`);
  return [...names];
}

function pickPriority(roll: number): number {
  if (roll < 0.05) return ticketPriorities.critical;
  if (roll < 0.2) return ticketPriorities.high;
  if (roll < 0.7) return ticketPriorities.medium;
  return ticketPriorities.low;
}

function dueHours(priority: number): number {
  return { [ticketPriorities.critical]: 4, [ticketPriorities.high]: 8, [ticketPriorities.medium]: 48 }[priority] ?? 120;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);
}
