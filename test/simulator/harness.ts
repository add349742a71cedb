import { VirtualClock } from '../support/virtual-clock';
import {
  demoUser,
  startSimulator,
  type ApiUser,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
} from '../../electron/simulator';

/** A VirtualClock that can say when the simulator has started waiting: no polling, no sleeps. */
export class WatchedClock extends VirtualClock {
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  override setTimeout(callback: () => void, delayMs: number): number {
    const id = super.setTimeout(callback, delayMs);
    const ready = this.waiters.filter((waiter) => waiter.count <= this.pendingTimers);
    this.waiters = this.waiters.filter((waiter) => waiter.count > this.pendingTimers);
    for (const waiter of ready) waiter.resolve();
    return id;
  }

  /** Resolves once at least `count` timers are waiting. */
  timersPending(count: number): Promise<void> {
    if (this.pendingTimers >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  user?: ApiUser;
  headers?: Record<string, string>;
}

export function authHeaders(user: ApiUser = demoUser): Record<string, string> {
  return { UserName: user.username, Secret: user.secret, ApiIntegrationCode: user.integrationCode };
}

export interface TestSimulator {
  simulator: Simulator;
  clock: WatchedClock;
  /** A call to the Autotask API; `path` is relative to /ATServicesRest/V1.0/ unless it starts with '/'. */
  call(path: string, options?: CallOptions): Promise<Answer>;
  admin(method: string, action: string, body?: unknown): Promise<Answer>;
  stats(): Promise<Stats>;
  close(): Promise<void>;
}

export type Stats = SimulatorStats;

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const clock = new WatchedClock();
  const simulator = await startSimulator({ clock, ...options });
  const call = async (path: string, options: CallOptions = {}): Promise<Answer> => {
    const url = path.startsWith('/') || path.startsWith('http') ? path : `/ATServicesRest/V1.0/${path}`;
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url.startsWith('http') ? url : simulator.origin + url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { ...authHeaders(options.user), 'Content-Type': 'application/json', ...options.headers },
      body,
    });
    return answerOf(response);
  };
  const admin = async (method: string, action: string, body?: unknown): Promise<Answer> =>
    answerOf(
      await fetch(`${simulator.origin}/_sim/${action}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
      }),
    );
  return {
    simulator,
    clock,
    call,
    admin,
    stats: async () => (await admin('GET', 'stats')).body as Stats,
    close: () => simulator.close(),
  };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The messages of an Autotask error body, asserting its shape on the way. */
export function errorsOf(answer: Answer): string[] {
  const errors = (answer.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || !errors.every((error) => typeof error === 'string')) {
    throw new Error(`not an Autotask error body: ${answer.text}`);
  }
  return errors;
}

export const minute = 60_000;
