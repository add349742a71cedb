import {
  methodNames,
  type ContractEvents,
  type ContractHandlers,
  type EventName,
  type HeadroomApi,
  type MethodName,
} from '../../../electron/contract';
import { HeadroomCallError, type HeadroomClient, type Link } from './client';

/** The header the headless host reads its per-launch token from (electron/headless/contract-routes.ts). */
const TOKEN_HEADER = 'X-Headroom-Token';
const eventNames: readonly EventName[] = ['snapshotChanged', 'notice'];
/** Reconnecting: soon at first, then no more often than this, so a stopped host is not hammered. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 4_000;
const lostWords = 'The connection to Headroom was lost: it is not answering. The popover reconnects by itself.';

/**
 * The headless host's transport: every method is `POST api/<method>`, events arrive as server-sent events from
 * `api/events`. The per-launch token is in the page's meta tag; a host started again has a new one, which the
 * client reads from the page afresh when its old one is refused.
 */
export function httpClient(page: Document = document): HeadroomClient {
  let token = tokenIn(page);
  let link: Link = 'connecting';
  const linkListeners = new Set<(link: Link) => void>();
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();

  const setLink = (next: Link) => {
    if (next === link) return;
    link = next;
    for (const listener of [...linkListeners]) listener(next);
  };

  const post = async (name: MethodName, request: unknown): Promise<Response> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers[TOKEN_HEADER] = token;
    const body = request === undefined ? null : JSON.stringify(request);
    try {
      return await fetch(`api/${name}`, { method: 'POST', headers, body });
    } catch {
      setLink('lost');
      throw new HeadroomCallError(lostWords);
    }
  };

  const call = async (name: MethodName, request: unknown): Promise<unknown> => {
    let response = await post(name, request);
    if (response.status === 403) {
      // The host may have started again since the page loaded, with a new token.
      const fresh = await freshToken();
      if (fresh !== undefined && fresh !== token) {
        token = fresh;
        response = await post(name, request);
      }
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new HeadroomCallError(problemIn(body, response.status));
    return body;
  };

  let retryMs = RETRY_FIRST_MS;
  const listen = () => {
    const source = new EventSource('api/events');
    source.onopen = () => {
      retryMs = RETRY_FIRST_MS;
      setLink('up');
    };
    source.onerror = () => {
      // The browser's own retry gives up for good on some answers; one schedule of our own covers every case.
      source.close();
      setLink('lost');
      setTimeout(listen, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    };
    for (const event of eventNames) {
      source.addEventListener(event, (message) => {
        const payload = JSON.parse((message as MessageEvent<string>).data) as never;
        for (const listener of [...(eventListeners.get(event) ?? [])]) listener(payload);
      });
    }
  };
  listen();

  const handlers = Object.fromEntries(
    methodNames.map((name) => [name, (request: unknown) => call(name, request)]),
  ) as unknown as ContractHandlers;
  const api: HeadroomApi = {
    ...handlers,
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void) {
      const listeners = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, listeners);
      listeners.add(listener as (payload: never) => void);
      return () => listeners.delete(listener as (payload: never) => void);
    },
  };
  return {
    api,
    link: () => link,
    onLinkChange(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
}

function tokenIn(page: Document | undefined): string | undefined {
  return page?.querySelector<HTMLMetaElement>('meta[name="headroom-token"]')?.content || undefined;
}

async function freshToken(): Promise<string | undefined> {
  try {
    const html = await (await fetch('./', { cache: 'no-store' })).text();
    return tokenIn(new DOMParser().parseFromString(html, 'text/html'));
  } catch {
    return undefined;
  }
}

/** The host says what went wrong as `{ "error": "..." }`; anything else is put in words here. */
function problemIn(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
    return body.error;
  }
  return `Headroom answered with an error (HTTP ${status}). Try again in a moment.`;
}
