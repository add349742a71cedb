import { request, createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ThrottleEngine } from '../../electron/core/throttle/engine';
import type { AcquireRequest, GateDecision, RefusalCause } from '../../electron/core/throttle/gate';
import type { UpstreamRejection } from '../../electron/core/throttle/rejection';
import type { CallRecord } from '../../electron/core/usage/history';
import { startGateway, type Gateway, type GatewayOptions, type GatewayThrottle } from '../../electron/gateway';
import { systemClock, type Clock } from '../../electron/core/clock';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';

export const SECRET = demoUser.secret;
export const authHeaders: Record<string, string> = {
  ApiIntegrationCode: demoUser.integrationCode,
  UserName: demoUser.username,
  Secret: demoUser.secret,
};

/**
 * A gate the test opens and shuts: calls go at once while it is open; while it holds, they wait until the test
 * releases them, or their caller hangs up. Usage and state come from a real engine (for the headers); decisions
 * are dated by `clock`.
 */
export class TestGate implements GatewayThrottle {
  readonly engine: ThrottleEngine;
  readonly requests: AcquireRequest[] = [];
  readonly rejections: UpstreamRejection[] = [];
  /** Calls of these priorities wait; the others go at once. */
  holding = new Set<string>();
  private held: Array<{ request: AcquireRequest; decide: (decision: GateDecision) => void }> = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    usage: { used: number; limit: number } | null = { used: 1234, limit: 10_000 },
    private readonly clock: Clock = systemClock,
  ) {
    this.engine = new ThrottleEngine({ clock });
    if (usage) this.engine.addSample({ ...usage, timeframeMinutes: 60, takenAt: clock.now() });
  }

  hold(...priorities: string[]): void {
    this.holding = new Set(priorities.length > 0 ? priorities : ['critical', 'normal', 'background']);
  }

  acquire(request: AcquireRequest): Promise<GateDecision> {
    this.requests.push(request);
    return new Promise((decide) => {
      if (!this.holding.has(request.priority)) decide(this.go(request, 0));
      else this.keep({ request, decide });
      this.changed();
    });
  }

  figures() {
    return this.engine.figures();
  }

  reportUpstreamRejection(rejection: UpstreamRejection): void {
    this.rejections.push(rejection);
    this.engine.reportUpstreamRejection(rejection);
  }

  get waiting(): number {
    return this.held.length;
  }

  /** Resolves once `count` calls have asked the gate and `waiting` of them are held (0 when left out). */
  until(count: number, waiting = 0): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.requests.length < count || this.held.length !== waiting) return;
        this.listeners.delete(check);
        // The gateway acts on a decision a few promise turns later.
        setImmediate(resolve);
      };
      this.listeners.add(check);
      check();
    });
  }

  release(): void {
    for (const { request, decide } of this.held.splice(0)) decide(this.go(request, 25));
  }

  close(): void {
    this.engine.close();
  }

  /** Held until released, or refused at once when its caller hangs up. */
  private keep(entry: { request: AcquireRequest; decide: (decision: GateDecision) => void }): void {
    this.held.push(entry);
    entry.request.signal?.addEventListener('abort', () => {
      if (!this.held.includes(entry)) return;
      this.held = this.held.filter((other) => other !== entry);
      entry.decide(this.refused(entry.request, 'aborted'));
      this.changed();
    });
  }

  private go(request: AcquireRequest, waitedMs: number): GateDecision {
    return { go: true, priority: request.priority, at: this.clock.now(), waitedMs };
  }

  private refused(request: AcquireRequest, cause: RefusalCause): GateDecision {
    return {
      go: false,
      priority: request.priority,
      at: this.clock.now(),
      waitedMs: 0,
      cause,
      reason: 'The caller went away before the call could be sent.',
      retryAfterMs: 1000,
      figures: { mode: 'normal' },
    };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string> | string[];
  body?: string | Buffer | Buffer[];
  signal?: AbortSignal;
}

/** One request over a fresh connection, with exactly the headers given (Host too, if given). */
export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  const { method = 'GET', headers = {}, body, signal } = options;
  return new Promise((resolve, reject) => {
    const call = request(url, { method, headers, agent: false, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    call.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) call.write(chunk);
      call.end();
    } else call.end(body);
  });
}

export function errorsOf(answer: Answer): string[] {
  return (JSON.parse(answer.text) as { errors: string[] }).errors;
}

/** A call that Autotask would take: the demo user's credentials and a JSON query body. */
export function ticketQuery(extraHeaders: Record<string, string> = {}): SendOptions {
  return {
    method: 'POST',
    headers: { ...authHeaders, 'Content-Type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ filter: [{ op: 'eq', field: 'id', value: 1 }] }),
  };
}

/** One simulator per test file, reset before each test; gateways and gates made in a test are closed after it. */
export function useGatewayFixture() {
  let sim: Simulator | undefined;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    sim = await startSimulator({ latency: false });
  });
  afterAll(() => sim?.close());
  beforeEach(() => admin('POST', 'reset'));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function simulator(): Simulator {
    if (!sim) throw new Error('the simulator is not running yet');
    return sim;
  }

  async function admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const answer = await send(`${simulator().origin}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (answer.status !== 200) throw new Error(`simulator ${method} /_sim/${path}: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as Record<string, unknown>;
  }

  /** A gateway in front of the simulator (or `zoneUrl`), with an open TestGate unless a throttle is given. */
  async function gateway(options: Partial<GatewayOptions> = {}) {
    const gate = new TestGate();
    cleanups.push(() => gate.close());
    const records: CallRecord[] = [];
    const lines: string[] = [];
    const recordListeners = new Set<() => void>();
    /** Resolves once `count` calls have been recorded. */
    const untilRecords = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (records.length < count) return;
          recordListeners.delete(check);
          resolve();
        };
        recordListeners.add(check);
        check();
      });
    const gw: Gateway = await startGateway({
      throttle: gate,
      zoneUrl: async () => simulator().baseUrl,
      onCall: (record) => {
        records.push(record);
        for (const listener of [...recordListeners]) listener();
      },
      log: (line) => lines.push(line),
      ...options,
    });
    cleanups.push(() => gw.close({ graceMs: 0 }));
    return { gw, gate, records, untilRecords, lines, api: (path: string) => `${gw.baseUrl}V1.0/${path}` };
  }

  function onCleanup(cleanup: () => unknown): void {
    cleanups.push(cleanup);
  }

  return {
    simulator,
    admin,
    fault: (fault: Record<string, unknown>) => admin('POST', 'faults', fault),
    simStats: () => admin('GET', 'stats'),
    gateway,
    onCleanup,
  };
}

export interface ProbeCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  res: ServerResponse;
  answer(status: number, body: string, headers?: Record<string, string>): void;
}

/**
 * A stand-in for Autotask that records every call as it arrived and answers when the test says so (or at once,
 * with `answerAll`). Tracks how many calls it had at once.
 */
export async function startProbe(answerAll?: (call: ProbeCall) => void) {
  const calls: ProbeCall[] = [];
  let open = 0;
  let maxOpen = 0;
  const listeners = new Set<() => void>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.once('close', () => open--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call: ProbeCall = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        res,
        answer: (status, body, headers = {}) => {
          res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
          res.end(body);
        },
      };
      calls.push(call);
      answerAll?.(call);
      for (const listener of [...listeners]) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/ATServicesRest/`,
    calls,
    get maxOpen() {
      return maxOpen;
    },
    /** Resolves once `count` calls have arrived. */
    until(count: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (calls.length < count) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A real throttle engine whose gate can be waited on: `until(n)` resolves once n calls have asked it. */
export function watched(engine: ThrottleEngine) {
  let asked = 0;
  const listeners = new Set<() => void>();
  const throttle: GatewayThrottle = {
    acquire: (request) => {
      const decision = engine.acquire(request);
      asked++;
      for (const listener of [...listeners]) listener();
      return decision;
    },
    figures: () => engine.figures(),
    reportUpstreamRejection: (rejection) => engine.reportUpstreamRejection(rejection),
  };
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (asked < count) return;
        listeners.delete(check);
        setImmediate(resolve);
      };
      listeners.add(check);
      check();
    });
  return { throttle, until };
}

/** A real engine on the system clock that has read the tenant's counter once. */
export function engineAt(used: number, options: Partial<ConstructorParameters<typeof ThrottleEngine>[0]> = {}) {
  const engine = new ThrottleEngine({ clock: systemClock, ...options });
  engine.addSample({ used, limit: 10_000, timeframeMinutes: 60, takenAt: Date.now() });
  return engine;
}
