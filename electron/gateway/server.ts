import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Caller, GatewayStats } from './accounting';
import { GatewayAccounting } from './accounting';
import { answerError, refusalAnswer, shuttingDown, tooLargeMessage } from './answers';
import { GatewayListenError } from './errors';
import { GatewayCall, type CallContext } from './gateway-call';
import { callerName, headroomHeaders } from './headers';
import { listenOnLoopback, LOOPBACK } from './listen';
import { checkOptions, type CheckedOptions, type GatewayOptions } from './options';
import { targetOf } from './paths';
import { priorityOf } from './priority-header';
import { ownHostsOf, refusalOf } from './request-guard';
import { ThreadSlots } from './thread-slots';
import { Upstream } from './upstream';

/** How long close() lets calls already sent to Autotask finish, by default. */
export const DEFAULT_CLOSE_GRACE_MS = 10_000;
/** Node's own interval for looking for connections past their headers timeout. */
const CHECK_EVERY_MS = 30_000;

export interface Gateway {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/ATServicesRest/: what a script uses as its Autotask base URL. */
  readonly baseUrl: string;
  readonly port: number;
  stats(): GatewayStats;
  /**
   * Stops taking calls, answers every waiting one (429, Retry-After), lets those sent to Autotask finish within
   * `graceMs`, then cuts what is left (503 where the answer has not begun). Resolves when every connection is shut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Starts the local gateway on 127.0.0.1: a script sets its Autotask base URL to the gateway's and its calls pass
 * the throttle on their way to the tenant's zone. Throws a GatewayOptionsError for options out of range and a
 * GatewayListenError when the port cannot be had.
 */
export async function startGateway(gatewayOptions: GatewayOptions): Promise<Gateway> {
  const options = checkOptions(gatewayOptions);
  const server = createServer({
    // Node counts its requestTimeout from a request's first byte until its body is in, and stops counting once it
    // is; the body is read while the call is held, but one sent on to Autotask is read only as fast as Autotask
    // takes it, which upstreamTimeoutMs bounds already. Left at 0, Node would make headersTimeout 0 as well.
    requestTimeout: 0,
    // From when a connection opens, or its previous request ends, until the headers are in: then a held call
    // waits as long as it must. Checked as often as the bound needs, so a slow client is cut within 1.5 times it.
    headersTimeout: options.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(CHECK_EVERY_MS, Math.ceil(options.headersTimeoutMs / 2)),
    keepAliveTimeout: options.idleTimeoutMs,
    // A request without Host is refused by the guard, in words, rather than by Node with an empty 400.
    requireHostHeader: false,
  });
  const place = { port: options.port, portOption: options.portOption, who: 'The gateway' };
  const port = await listenOnLoopback(server, place, (message, code) => new GatewayListenError(message, code));
  const url = `http://${LOOPBACK}:${port}`;
  const baseUrl = `${url}/ATServicesRest/`;
  const ownHosts = ownHostsOf(port);
  const upstream = new Upstream();
  const accounting = new GatewayAccounting(options.clock, options.onCall);
  /** The calls under way, which shutting down answers and waits for. */
  const calls = new Set<GatewayCall>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const extraHeaders = () =>
    closing ? [...headroomHeaders(options.throttle), 'Connection', 'close'] : headroomHeaders(options.throttle);
  const context: CallContext = {
    options,
    baseUrl,
    slots: new ThreadSlots(options.clock),
    accounting,
    zone: async () => upstream.zoneAt(await options.zoneUrl()),
    extraHeaders,
    reportFailure: (error) => options.log?.(`gateway error: ${error instanceof Error ? error.message : String(error)}`),
    onOver: (call) => calls.delete(call),
  };

  const answer = (res: ServerResponse, status: number, message: string, headers: readonly string[] = []) =>
    answerError(res, status, message, [...headers, ...extraHeaders()]);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (options.log) logWhenDone(req, res, options.log);
    const refusal = refusalOf(req.headers, ownHosts);
    if (refusal) return answer(res, 403, refusal);
    const target = targetOf(req.url ?? '');
    if (target.kind === 'elsewhere') {
      return answer(
        res,
        404,
        `There is no Autotask REST resource at ${target.path.slice(0, 200)}: Headroom’s gateway passes on calls under /ATServicesRest/V1.0/.`,
      );
    }
    if (closing) {
      const notNow = refusalAnswer(shuttingDown(options.throttle));
      return answer(res, notNow.status, notNow.message, notNow.headers);
    }
    const asked = priorityOf(req.headers);
    if ('refusal' in asked) return answer(res, 400, asked.refusal);
    const caller: Caller = {
      integrationCode: callerName(req.headers, 'apiintegrationcode'),
      apiUser: callerName(req.headers, 'username'),
      priority: asked.priority,
    };
    if (Number(req.headers['content-length'] ?? 0) > options.maxBodyBytes) {
      accounting.record(caller, 'refused');
      // Not worth reading: the connection closes after the answer.
      return answer(res, 413, tooLargeMessage(options.maxBodyBytes), ['Connection', 'close']);
    }
    calls.add(new GatewayCall(context, req, res, target, caller));
  }

  server.on('request', handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerUnreadable(error, socket, options));

  async function shutDown(graceMs: number): Promise<void> {
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const call of [...calls]) call.stopWaiting();
    await within(options, graceMs, Promise.all([...calls].map((call) => call.done)));
    for (const call of [...calls]) call.cut();
    await Promise.all([...calls].map((call) => call.done));
    server.closeAllConnections();
    upstream.close();
    await stopped;
  }

  return {
    url,
    baseUrl,
    port,
    stats: () => accounting.stats(),
    close: ({ graceMs = DEFAULT_CLOSE_GRACE_MS } = {}) => (closed ??= shutDown(graceMs)),
  };
}

/** One line per request, once it is over: no header value but the API user and the integration code. */
function logWhenDone(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  res.once('close', () => {
    const path = (req.url ?? '').split('?')[0]?.slice(0, 200);
    const status = res.headersSent ? String(res.statusCode) : 'no answer (the caller went away)';
    const user = callerName(req.headers, 'username') || '-';
    const code = callerName(req.headers, 'apiintegrationcode') || '-';
    log(`${req.method ?? '-'} ${path} ${status} user=${user} integration=${code}`);
  });
}

/** A request Node could not parse still gets an answer in Autotask's shape, if the connection can take one. */
function answerUnreadable(error: NodeJS.ErrnoException, socket: Socket, options: CheckedOptions): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : timedOut ? 408 : 400;
  const message = timedOut
    ? `No complete request headers arrived within ${Math.ceil(options.headersTimeoutMs / 1000)} s; the connection is closed.`
    : `The request could not be read as HTTP (${error.code ?? 'malformed request'}).`;
  const body = JSON.stringify({ errors: [message] });
  const headers = headroomHeaders(options.throttle);
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`];
  for (let i = 0; i + 1 < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`);
  lines.push('Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`);
  lines.push('Connection: close', '', body);
  socket.end(lines.join('\r\n'));
}

/** Waits for `promise`, or `ms` on the gateway's clock, whichever comes first. */
async function within(options: CheckedOptions, ms: number, promise: Promise<unknown>): Promise<void> {
  let timer: ReturnType<CheckedOptions['clock']['setTimeout']> | undefined;
  const timeUp = new Promise<void>((resolve) => (timer = options.clock.setTimeout(resolve, ms)));
  await Promise.race([promise, timeUp]);
  if (timer !== undefined) options.clock.clearTimeout(timer);
}
