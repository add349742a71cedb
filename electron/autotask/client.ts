import { systemClock, type Clock } from '../core/clock';
import { classifyResponse } from './classify-response';
import { authHeaders, checkCredentials, type Credentials } from './credentials';
import {
  checkEntity,
  checkId,
  invalidRequest,
  queryBody,
  readItem,
  readItemId,
  readQueryPage,
  type EntityItem,
  type QueryOptions,
  type QueryPage,
} from './entities';
import { AutotaskError } from './errors';
import { abortedError, httpCall, sleepOn } from './http-call';
import { parseJsonBody } from './read-answer';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from './retry-policy';
import { readThresholdInformation, type ThresholdInformation } from './threshold';
import { asZoneLookupError, DEFAULT_BASE_URL, readZoneUrl, withTrailingSlash, zoneInformationUrl } from './zone';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface AutotaskClientOptions {
  credentials: Credentials;
  /** Where the zone is looked up; the default is Autotask's. Tests and the gateway point it elsewhere. */
  baseUrl?: string;
  /** A zone remembered from an earlier run: used until it answers 401/404, then looked up again. */
  zoneUrl?: string;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Timeouts and Retry-After dates; default the system clock. */
  clock?: Clock;
  /** Jitter for retry backoff. */
  random?: () => number;
  /** Waits between retries; default a timer on the clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Whether the call may be retried after a transient failure; default: only GET. */
  idempotent?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A thin Autotask REST client: finds the tenant's zone, authenticates every call, and turns every failure into
 * an AutotaskError. It makes one request per call (plus bounded retries of reads after transient failures) and
 * never waits out a 429: pacing is the throttle controller's job.
 */
export class AutotaskClient {
  // Private fields: util.inspect and JSON.stringify of the client do not show the credentials.
  readonly #credentials: Credentials;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #zone: Promise<string> | undefined;
  #knownZone: string | undefined;

  constructor(options: AutotaskClientOptions) {
    this.#credentials = checkCredentials(options.credentials);
    this.#baseUrl = checkHttpUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl');
    if (options.zoneUrl !== undefined) {
      this.#knownZone = checkHttpUrl(options.zoneUrl, 'zoneUrl');
      this.#zone = Promise.resolve(this.#knownZone);
    }
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.#timeoutMs > 0)) throw invalidRequest(`timeoutMs must be positive, got ${this.#timeoutMs}`);
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleepOn(this.#clock);
  }

  /** The tenant's zone REST root, looked up once and cached. */
  zoneUrl(options: CallOptions = {}): Promise<string> {
    if (!this.#zone) {
      const lookup: Promise<string> = this.lookUpZone().then(
        (url) => (this.#knownZone = url),
        (error: unknown) => {
          if (this.#zone === lookup) this.#zone = undefined;
          throw error;
        },
      );
      this.#zone = lookup;
    }
    return untilAborted(this.#zone, options.signal, 'zoneInformation');
  }

  async thresholdInformation(options: CallOptions = {}): Promise<ThresholdInformation> {
    return readThresholdInformation(await this.request('GET', 'ThresholdInformation', options));
  }

  /** Calls `path` (relative to the zone's V1.0/, e.g. "Tickets/12") and returns the parsed JSON answer. */
  async request(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<unknown> {
    const relativePath = checkRelativePath(path);
    const zone = await this.zoneUrl(options);
    try {
      return await this.requestOnZone(zone, method, relativePath, options);
    } catch (error) {
      if (!(error instanceof AutotaskError) || (error.status !== 401 && error.status !== 404)) throw error;
      // The tenant may have moved zone; if the lookup says it has not, the answer stands.
      const newZone = await this.rediscoverZone(zone, options);
      if (newZone.toLowerCase() === zone.toLowerCase()) throw error;
      return await this.requestOnZone(newZone, method, relativePath, options);
    }
  }

  /** One page of a query (one request). */
  async query(entity: string, options: QueryOptions): Promise<QueryPage> {
    const body = queryBody(options);
    const json = await this.request('POST', `${checkEntity(entity)}/query`, {
      body,
      signal: options.signal,
      idempotent: true,
    });
    return readQueryPage(json, entity);
  }

  /** Every page of a query, following nextPageUrl to the end; each page is one request, made when asked for. */
  async *queryPages(entity: string, options: QueryOptions): AsyncGenerator<QueryPage, void, undefined> {
    let page = await this.query(entity, options);
    yield page;
    while (page.nextPageUrl !== null) {
      const path = await this.pathOnZone(page.nextPageUrl, options);
      page = readQueryPage(await this.request('GET', path, { signal: options.signal }), entity);
      yield page;
    }
  }

  /** The entity with this id, or null when Autotask has none. */
  async get(entity: string, id: number, options: CallOptions = {}): Promise<EntityItem | null> {
    const path = `${checkEntity(entity)}/${checkId(id, 'id')}`;
    return readItem(await this.request('GET', path, options), entity);
  }

  /** Creates an entity and returns its id. */
  async create(entity: string, body: EntityItem, options: CallOptions = {}): Promise<number> {
    return readItemId(await this.request('POST', checkEntity(entity), { ...options, body }), entity);
  }

  /** Updates the fields given in `body` of the entity whose `id` it names, and returns that id. */
  async update(entity: string, body: EntityItem & { id: number }, options: CallOptions = {}): Promise<number> {
    checkId(body.id, 'the body of an update: id');
    return readItemId(await this.request('PATCH', checkEntity(entity), { ...options, body }), entity);
  }

  private async lookUpZone(): Promise<string> {
    const url = zoneInformationUrl(this.#baseUrl, this.#credentials.username);
    try {
      const json = await this.withRetries(true, undefined, () =>
        this.exchange({ method: 'GET', url, headers: {}, context: 'GET zoneInformation' }),
      );
      return readZoneUrl(json);
    } catch (error) {
      throw asZoneLookupError(error, this.#credentials.username);
    }
  }

  private rediscoverZone(staleZone: string, options: CallOptions): Promise<string> {
    // Concurrent calls that failed on the same stale zone share one lookup.
    if (this.#knownZone === staleZone) {
      this.#knownZone = undefined;
      this.#zone = undefined;
    }
    return this.zoneUrl(options);
  }

  private requestOnZone(zone: string, method: HttpMethod, path: string, options: RequestOptions): Promise<unknown> {
    const { body, signal, idempotent = method === 'GET' } = options;
    const context = `${method} ${path.split('?')[0]}`;
    const headers = {
      ...authHeaders(this.#credentials),
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    };
    const url = new URL(path, `${zone}V1.0/`);
    const jsonBody = body === undefined ? undefined : JSON.stringify(body);
    return this.withRetries(idempotent, signal, () =>
      this.exchange({ method, url, headers, body: jsonBody, signal, context }),
    );
  }

  private async exchange(call: {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
    context: string;
  }): Promise<unknown> {
    const answer = await httpCall({ ...call, timeoutMs: this.#timeoutMs, clock: this.#clock });
    const error = classifyResponse(answer, {
      nowMs: this.#clock.now(),
      context: call.context,
      secrets: [this.#credentials.secret],
    });
    if (error) throw error;
    return parseJsonBody(answer.bodyText, call.context);
  }

  private withRetries<T>(idempotent: boolean, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    return withRetries(attempt, { idempotent, policy: this.#retry, random: this.#random, sleep: this.#sleep, signal });
  }

  /** nextPageUrl is absolute; it is followed only on the zone, so the credentials never go anywhere else. */
  private async pathOnZone(pageUrl: string, options: CallOptions): Promise<string> {
    const root = new URL(`${await this.zoneUrl(options)}V1.0/`);
    const page = URL.canParse(pageUrl) ? new URL(pageUrl) : undefined;
    if (!page || page.origin !== root.origin || !page.pathname.toLowerCase().startsWith(root.pathname.toLowerCase())) {
      throw new AutotaskError('malformed-response', `Autotask's nextPageUrl does not point at the zone: ${pageUrl}`);
    }
    return page.pathname.slice(root.pathname.length) + page.search;
  }
}

function checkHttpUrl(url: string, what: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol === 'http:' || parsed?.protocol === 'https:') return withTrailingSlash(parsed.href);
  throw invalidRequest(`${what} must be an http(s) URL, got "${url}"`);
}

function checkRelativePath(path: string): string {
  const relative = path.replace(/^\/+/, '');
  if (relative === '' || /^[a-z][a-z0-9+.-]*:/i.test(relative) || relative.split(/[/?]/).includes('..')) {
    throw invalidRequest(`the path must be relative to the zone's V1.0/, e.g. "Tickets/12"; got "${path}"`);
  }
  return relative;
}

/** Lets one caller stop waiting for a shared promise (the zone lookup) without cancelling it for the others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, context: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(context));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortedError(context));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
