import { authenticate, userNamed } from './auth';
import { schemas, type EntityName } from './entity-schema';
import { createRecord, idToPatch, patchRecord } from './entity-writes';
import { AutotaskError, validationError } from './errors';
import type { Exchange } from './exchange';
import { shown } from './field-values';
import {
  countMatching,
  maxRecordsPerPage,
  pageOf,
  parseQuery,
  projected,
  type Cursor,
  type Page,
  type Query,
} from './query';
import { allowedMethods, endpointOf, routeOf, type Route } from './routes';
import type { Tenant } from './tenant';
import { threadsPerEndpoint } from './thread-limiter';

type CountedRoute = Exclude<Route, { kind: 'zoneInformation' }>;

/**
 * The Autotask REST API of one tenant. A call is answered in this order: unknown path (404, not counted),
 * zoneInformation (no auth, not counted), authentication (not counted when it fails), the hourly threshold and the
 * thread limit (a 429, not counted), then the call is counted, waits out its latency holding its thread, and is
 * answered (validation errors and unsupported methods included: Autotask has done the work of refusing them).
 *
 * Refused calls are not counted so that Retry-After tells the truth: were every refused retry counted, a client
 * that kept retrying during a lockout would keep the window full and never get back in at the promised time.
 */
export class AutotaskApi {
  constructor(
    private readonly tenant: Tenant,
    private readonly origin: string,
    private readonly wait: (ms: number) => Promise<void>,
  ) {}

  async handle(exchange: Exchange, url: URL, body: string): Promise<void> {
    const route = routeOf(url.pathname);
    if (!route) throw new AutotaskError(404, `There is no Autotask REST resource at ${url.pathname}.`);
    const method = exchange.req.method ?? 'GET';
    if (route.kind === 'zoneInformation') {
      requireMethod(route, method);
      return exchange.json(200, this.zoneInformation(url));
    }
    const user = authenticate(this.tenant.users, exchange.req.headers);
    const release = this.admit(user.integrationCode, endpointOf(route));
    exchange.onClose(release);
    try {
      const latencyMs = this.latencyMs();
      this.tenant.usage.record(user.integrationCode);
      this.tenant.counters.totalRequests++;
      if (latencyMs > 0) await this.wait(latencyMs);
      exchange.json(200, this.answer(route, method, url, body));
    } catch (error) {
      exchange.fail(error);
    } finally {
      release();
    }
  }

  private zoneInformation(url: URL): object {
    const user = userNamed(this.tenant.users, parameter(url, 'user') ?? '');
    // Autotask's answer for a user it does not know, status included.
    if (!user) throw new AutotaskError(500, 'Zone information could not be determined');
    return { zoneName: 'Headroom Simulator', url: `${this.origin}/ATServicesRest/`, webUrl: `${this.origin}/`, ci: 1 };
  }

  /** Refuses the call when the window is full or the endpoint's threads are taken; else takes a thread. */
  private admit(integrationCode: string, endpoint: string): () => void {
    const { usage, settings, counters, threads } = this.tenant;
    if (usage.isAtLimit()) {
      counters.served429++;
      const seconds = usage.retryAfterSeconds();
      throw new AutotaskError(
        429,
        `API request threshold exceeded: this database has used all ${settings.limit} requests of its ` +
          `${settings.timeframeMinutes}-minute window. Try again in ${seconds} seconds.`,
        { 'Retry-After': String(seconds) },
      );
    }
    const release = threads.tryAcquire(integrationCode, endpoint);
    if (!release) {
      counters.threadRejections++;
      throw new AutotaskError(
        429,
        `Thread Threshold Exceeded (Itgenatr005): The Autotask API thread threshold of ${threadsPerEndpoint} threads ` +
          `has been exceeded for integration code ${integrationCode} on ${endpoint}. Wait for a call to finish.`,
      );
    }
    return release;
  }

  /** Autotask slows every call once the tenant is busy: +0.5 s from half the limit, +1 s from three quarters. */
  private latencyMs(): number {
    const { settings, usage } = this.tenant;
    if (!settings.latency) return settings.baseLatencyMs;
    const share = usage.count() / settings.limit;
    return settings.baseLatencyMs + (share >= 0.75 ? 1000 : share >= 0.5 ? 500 : 0);
  }

  private answer(route: CountedRoute, method: string, url: URL, body: string): object {
    requireMethod(route, method);
    const { data, settings, usage, clock } = this.tenant;
    switch (route.kind) {
      case 'thresholdInformation':
        return {
          externalRequestThreshold: settings.limit,
          requestThresholdTimeframe: settings.timeframeMinutes,
          currentTimeframeRequestCount: usage.count(),
        };
      case 'query':
        return this.firstPage(route.entity, parseQuery(schemas[route.entity], searchOf(method, url, body)));
      case 'queryCount': {
        const query = parseQuery(schemas[route.entity], searchOf(method, url, body));
        return { queryCount: countMatching(data[route.entity], query.predicate) };
      }
      case 'queryPage': {
        const { cursor, pageSize } = pagingOf(url);
        const query = { ...parseQuery(schemas[route.entity], searchOf('GET', url, body)), pageSize };
        return this.pageAnswer(route.entity, query, pageOf(data[route.entity], query, cursor));
      }
      case 'item': {
        const record = data[route.entity].get(route.id);
        // Autotask answers an id it does not have with an empty item, not a 404.
        return { item: record ? projected(record) : null };
      }
      case 'collection':
        return { itemId: this.write(route.entity, method, jsonBody(body), clock.now()) };
      case 'ticketNotes':
        return method === 'GET' ? this.notesOf(route.ticketId) : this.writeNote(route.ticketId, method, body);
      case 'ticketNote': {
        const note = data.TicketNotes.get(route.id);
        return { item: note && note.ticketID === route.ticketId ? projected(note) : null };
      }
    }
  }

  private write(entity: EntityName, method: string, body: unknown, now: number): number {
    const { data } = this.tenant;
    return method === 'POST' ? createRecord(data, entity, body, now) : patchRecord(data, entity, body, now);
  }

  /** The child path fixes the ticket: a note created there belongs to it, and only its notes can be changed. */
  private writeNote(ticketId: number, method: string, body: string): object {
    const { data, clock } = this.tenant;
    const fields = jsonBody(body);
    if (method === 'PATCH') {
      const note = data.TicketNotes.get(idToPatch(fields, 'TicketNote'));
      if (note && note.ticketID !== ticketId) {
        throw validationError(`TicketNote ${String(note.id)} does not belong to Ticket ${ticketId}.`);
      }
      return { itemId: patchRecord(data, 'TicketNotes', fields, clock.now()) };
    }
    const withTicket = typeof fields === 'object' && fields !== null ? { ...fields, ticketID: ticketId } : fields;
    return { itemId: createRecord(data, 'TicketNotes', withTicket, clock.now()) };
  }

  private notesOf(ticketId: number): object {
    const search = { filter: [{ op: 'eq', field: 'ticketID', value: ticketId }] };
    const query = parseQuery(schemas.TicketNotes, search);
    return this.firstPage('TicketNotes', query);
  }

  private firstPage(entity: EntityName, query: Query): object {
    return this.pageAnswer(entity, query, pageOf(this.tenant.data[entity], query));
  }

  private pageAnswer(entity: EntityName, query: Query, page: Page): object {
    return {
      items: page.records.map((record) => projected(record, query.includeFields)),
      pageDetails: {
        count: page.records.length,
        requestCount: query.pageSize,
        prevPageUrl: page.prev ? this.pageUrl(entity, 'prev', query, page.prev) : null,
        nextPageUrl: page.next ? this.pageUrl(entity, 'next', query, page.next) : null,
      },
    };
  }

  /** An absolute URL on this server; following it is one more counted call. */
  private pageUrl(entity: EntityName, direction: 'next' | 'prev', query: Query, cursor: Cursor): string {
    const paging = encodeURIComponent(JSON.stringify({ pageSize: query.pageSize, ...cursor }));
    const search = encodeURIComponent(JSON.stringify(query.search));
    return `${this.origin}/ATServicesRest/V1.0/${entity}/query/${direction}?paging=${paging}&search=${search}`;
  }
}

function requireMethod(route: Route, method: string): void {
  const allowed = allowedMethods[route.kind];
  if (!allowed.includes(method)) {
    throw new AutotaskError(405, `The requested resource does not support http method '${method}'.`, {
      Allow: allowed.join(', '),
    });
  }
}

/** The query of a call: the POST body, or the JSON in ?search= of a GET. */
function searchOf(method: string, url: URL, body: string): unknown {
  if (method === 'POST') return jsonBody(body);
  const search = parameter(url, 'search');
  if (search === undefined) throw validationError('A GET query needs its query as JSON in the "search" parameter.');
  return parseJson(search, 'The "search" parameter');
}

function pagingOf(url: URL): { cursor: Cursor; pageSize: number } {
  const raw = parameter(url, 'paging');
  if (raw === undefined) throw validationError('A page URL needs its "paging" parameter; follow nextPageUrl as given.');
  const paging = parseJson(raw, 'The "paging" parameter') as Record<string, unknown> | null;
  const pageSize = paging?.pageSize;
  const afterId = paging?.afterId;
  const beforeId = paging?.beforeId;
  const isId = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  const sizeIsValid = typeof pageSize === 'number' && Number.isInteger(pageSize) && pageSize >= 1;
  if (!sizeIsValid || pageSize > maxRecordsPerPage || isId(afterId) === isId(beforeId)) {
    throw validationError(
      `The "paging" parameter ${shown(paging)} is not one this server wrote; follow nextPageUrl as given.`,
    );
  }
  return { pageSize, cursor: isId(afterId) ? { afterId: afterId as number } : { beforeId: beforeId as number } };
}

function jsonBody(body: string): unknown {
  if (body.trim() === '') throw validationError('The request body is empty; send a JSON object.');
  return parseJson(body, 'The request body');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw validationError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Query parameter names are case-insensitive in Autotask (ASP.NET), so ?User= and ?SEARCH= work too. */
function parameter(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name) return value;
  return undefined;
}
