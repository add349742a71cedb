import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ContractHandlers } from '../contract';
import { systemClock, type Clock } from '../core/clock';
import { UserFacingError } from '../core/user-facing-error';
import { listenOnLoopback, LOOPBACK } from '../gateway/listen';
import { answerContractCall, type ContractRoutes } from './contract-routes';
import { EventStreams, type ContractEventSource } from './event-stream';
import { answerBody, answerProblem } from './host-answers';
import { refusalOf } from './host-guard';
import { readMetrics } from './metrics';
import { answerRendererFile } from './static-files';
import { keepTokenFile } from './token-file';

export interface HostServerOptions {
  /** The contract's methods: the service in `headroom serve`. */
  handlers: ContractHandlers;
  /** Where the contract's events are heard: the same service. */
  events: ContractEventSource;
  /** The renderer's build (dist/renderer): served as the UI, or a page saying to build it. */
  rendererDir: string;
  /** On 127.0.0.1; 0 picks a free port. */
  port: number;
  /** This launch's token (newLaunchToken()): asked of every call that changes something. */
  token: string;
  /** Where the token file goes for other programs of this user; by default defaultTokenDirectory(). */
  tokenDirectory?: string;
  /** Times the event streams' heartbeats. */
  clock?: Clock;
  /** What went wrong inside a handler: told here, never to the caller. */
  log?: (line: string) => void;
}

export interface HostServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  readonly port: number;
  /** This host's file holding the token (token-<port>), readable by this user only, removed by close(). */
  readonly tokenPath: string;
  /** Ends the event streams, closes every connection and removes the token file. */
  close(): Promise<void>;
}

/** The host could not listen on its port (taken by another program, or not allowed). */
export class HostListenError extends UserFacingError {
  override readonly name = 'HostListenError';
}

/**
 * The headless host's HTTP side: the renderer's build, the contract over HTTP and server-sent events, and
 * `/metrics`, on 127.0.0.1 only, for its own page and programs on this computer (see host-guard.ts).
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { handlers, rendererDir, token, log = () => {} } = options;
  // A request without Host is refused by the guard, in words, rather than by Node with an empty 400.
  const server = createServer({ requireHostHeader: false });
  const place = { port: options.port, portOption: '--port', who: 'Headroom' };
  const port = await listenOnLoopback(server, place, (message) => new HostListenError(message));
  const tokenFile = await keepTokenFile(token, port, options.tokenDirectory).catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  });
  const routes: ContractRoutes = { handlers, token, tokenPath: tokenFile.path, log };
  const streams = new EventStreams(options.events, () => handlers.snapshot(), options.clock ?? systemClock);

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refusalOf(req.headers, port);
    if (refusal) return answerProblem(req, res, 403, refusal);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/api/events') {
      if (req.method === 'GET') return streams.add(req, res);
      return answerProblem(req, res, 405, 'Listen to the events with GET.', { Allow: 'GET' });
    }
    if (path.startsWith('/api/')) return answerContractCall(req, res, path.slice('/api/'.length), routes);
    if (path === '/metrics') return answerMetrics(req, res);
    return answerRendererFile(req, res, rendererDir, token);
  }

  async function answerMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return answerProblem(req, res, 405, 'Read the metrics with GET.', { Allow: 'GET' });
    try {
      const page = await readMetrics(handlers);
      answerBody(res, 200, page.text, { 'Content-Type': page.contentType });
    } catch (error) {
      log(`metrics failed: ${messageOf(error)}`);
      answerProblem(req, res, 500, 'Headroom could not read its figures for the metrics (its log says why).');
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    answer(req, res).catch((error: unknown) => {
      log(`${req.method ?? '-'} ${(req.url ?? '').slice(0, 200)} failed: ${messageOf(error)}`);
      if (res.headersSent) res.destroy();
      else answerProblem(req, res, 500, 'Headroom could not answer this request: something went wrong inside it.');
    });
  });

  let closed: Promise<void> | undefined;
  async function shutDown(): Promise<void> {
    streams.close();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    // The streams' last bytes are handed to their sockets on the next turn of the event loop: then cut.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await stopped;
    await tokenFile.remove();
  }

  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    tokenPath: tokenFile.path,
    close: () => (closed ??= shutDown()),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
