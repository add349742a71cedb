/**
 * Real-time tests of the throttle over real HTTP: a simulator on 127.0.0.1, the gateway host in front of it on the
 * real clock with live credentials, a script calling through the gateway, and another integration calling the
 * simulator directly under its own integration code. Everything here measures; nothing waits for state by sleeping.
 * Timers are used only to pace load (the script's and the other integration's calls), which is what is under test.
 */
import { Agent, request, type ClientRequest } from 'node:http';
import { afterEach } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { defaultSettings, type GatewaySettings, type Settings } from '../../electron/core/settings/settings';
import { reasonWords } from '../../electron/core/throttle/reason-words';
import type { ThrottleTransition } from '../../electron/core/throttle/state';
import { startGatewayHost, type GatewayHost } from '../../electron/headless/gateway-host';
import {
  demoUser,
  startSimulator,
  type ApiUser,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
} from '../../electron/simulator';

/** Another integration of the same tenant (an RMM, say): its own API user and integration code. */
export const otherUser: ApiUser = {
  username: 'rmm@other.example',
  secret: 'other-secret',
  integrationCode: 'OTHERRMM',
};

/** A: 300 calls per 1-minute window, nobody else's generated load. */
export const scaleA: SimulatorOptions = { limit: 300, timeframeMinutes: 1, load: 'quiet' };
/** B: the simulator's defaults (10,000 per 60 minutes, usage-based latency on), quiet, 50 ms per call. */
export const scaleB: SimulatorOptions = { load: 'quiet', baseLatencyMs: 50 };

/** The default thresholds of the throttle, in percent (slowAt 75, sleepAt 90, resumeBelow 70, criticalStopAt 98). */
export const thresholds = defaultSettings.throttle;

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: every server, agent and timer a test made is closed after it, in reverse order.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
});

export function defer(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

// ---------------------------------------------------------------------------------------------------------------
// The tenant (simulator) and its admin API.

export type SimStats = SimulatorStats;

export interface Tenant {
  sim: Simulator;
  stats(): Promise<SimStats>;
  admin(method: 'GET' | 'POST' | 'DELETE', action: string, body?: unknown): Promise<SimStats>;
}

/** A simulator with the demo user (the script's) and the other integration's user; closed after the test. */
export async function startTenant(options: SimulatorOptions): Promise<Tenant> {
  const sim = await startSimulator({ ...options, users: [demoUser, otherUser] });
  defer(() => sim.close());
  const admin = async (method: 'GET' | 'POST' | 'DELETE', action: string, body?: unknown): Promise<SimStats> => {
    const response = await fetch(`${sim.origin}/_sim/${action}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`simulator ${method} /_sim/${action}: ${response.status} ${text}`);
    return JSON.parse(text) as SimStats;
  };
  return { sim, stats: () => admin('GET', 'stats'), admin };
}

export interface CountSample {
  at: number;
  count: number;
}

/**
 * Reads the tenant's real count (GET /_sim/stats, not counted) every `everyMs` until stopped: the record of what
 * the throttle should have seen. Measurement only; no test waits on it.
 */
export function watchCount(tenant: Tenant, everyMs = 250) {
  const samples: CountSample[] = [];
  const waiters: Array<{ from: number; test: (count: number) => boolean; resolve: (s: CountSample) => void }> = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  const read = () => {
    if (stopped) return;
    pending = tenant.stats().then(
      (stats) => {
        const sample = { at: Date.now(), count: stats.windowCount };
        samples.push(sample);
        for (const waiter of [...waiters]) {
          if (sample.at < waiter.from || !waiter.test(sample.count)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(sample);
        }
        if (!stopped) timer = setTimeout(read, everyMs);
      },
      () => undefined,
    );
  };
  read();
  const stop = async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await pending;
  };
  defer(stop);
  return {
    samples,
    stop,
    max: (from = 0, to = Number.POSITIVE_INFINITY) =>
      Math.max(0, ...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.count)),
    /** The first reading at or after `from` for which `test` holds. */
    firstAfter: (from: number, test: (count: number) => boolean) => samples.find((s) => s.at >= from && test(s.count)),
    /** Resolves with the first reading at or after `from` for which `test` holds (never, if none comes). */
    until: (from: number, test: (count: number) => boolean) =>
      new Promise<CountSample>((resolve) => {
        const found = samples.find((s) => s.at >= from && test(s.count));
        if (found) resolve(found);
        else waiters.push({ from, test, resolve });
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Callers: the script (through the gateway or direct) and the other integration (direct).

export type Priority = 'critical' | 'normal' | 'background';

export type CallKind =
  /** 2xx */
  | 'ok'
  /** A 429 from Autotask (the simulator), direct or relayed by the gateway: the call reached the tenant's cap. */
  | 'upstream-429'
  /** A 429 the gateway gave itself (held too long, queue full): the call was never sent. */
  | 'refused'
  /** Any other status. */
  | 'other-status'
  /** No answer: connection error, or aborted by the test at the end of a case (still held then). */
  | 'error'
  | 'aborted';

export interface CallResult {
  priority: Priority | undefined;
  sentAt: number;
  doneAt: number;
  ms: number;
  status: number;
  kind: CallKind;
  retryAfterSeconds?: number;
  /** The error message of anything not 2xx. */
  message?: string;
}

const upstreamRefusal = /API request threshold exceeded|Thread Threshold Exceeded/i;

/** One caller with its own keep-alive connections: what a script or an integration is. */
export class ApiClient {
  readonly results: CallResult[] = [];
  private readonly agent: Agent;
  private readonly open = new Set<{ req: ClientRequest; abort: () => void }>();

  constructor(
    readonly baseUrl: string,
    readonly user: ApiUser,
    maxSockets = 16,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    defer(() => this.close());
  }

  /** A GET of one record, e.g. `Tickets/12`; `priority` sets X-Headroom-Priority. Never rejects. */
  get(path: string, priority?: Priority): Promise<CallResult> {
    const url = `${this.baseUrl}V1.0/${path}`;
    const headers: Record<string, string> = {
      UserName: this.user.username,
      Secret: this.user.secret,
      ApiIntegrationCode: this.user.integrationCode,
      Accept: 'application/json',
    };
    if (priority) headers['X-Headroom-Priority'] = priority;
    const sentAt = Date.now();
    return new Promise<CallResult>((resolve) => {
      let settled = false;
      const finish = (partial: Omit<CallResult, 'priority' | 'sentAt' | 'doneAt' | 'ms'>) => {
        if (settled) return;
        settled = true;
        this.open.delete(entry);
        const doneAt = Date.now();
        const result: CallResult = { priority, sentAt, doneAt, ms: doneAt - sentAt, ...partial };
        this.results.push(result);
        resolve(result);
      };
      const req = request(url, { method: 'GET', headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (status >= 300) chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const retryAfter = Number(res.headers['retry-after']);
          const kind: CallKind =
            status >= 200 && status < 300
              ? 'ok'
              : status === 429
                ? upstreamRefusal.test(text)
                  ? 'upstream-429'
                  : 'refused'
                : 'other-status';
          finish({
            status,
            kind,
            ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
            ...(kind === 'ok' ? {} : { message: text.slice(0, 300) }),
          });
        });
        res.on('error', (error) => finish({ status, kind: 'error', message: error.message }));
      });
      const entry = {
        req,
        abort: () => {
          finish({ status: 0, kind: 'aborted', message: 'still unanswered when the case ended' });
          req.destroy();
        },
      };
      this.open.add(entry);
      req.on('error', (error) => finish({ status: 0, kind: 'error', message: error.message }));
      req.end();
    });
  }

  /** Ends the calls still waiting for an answer: recorded as 'aborted' (held at least this long). */
  abortAll(): void {
    for (const entry of [...this.open]) entry.abort();
  }

  close(): void {
    this.abortAll();
    this.agent.destroy();
  }
}

export interface BatchResult {
  results: CallResult[];
  startedAt: number;
  elapsedMs: number;
  /** Calls answered (any status) before the deadline. */
  answered: number;
  /** Whether every call was sent and answered before the deadline. */
  complete: boolean;
}

/**
 * `count` calls, `concurrency` at a time (each worker sends its next call when its last is answered), on
 * `pathOf(i)`. At `deadline` (clock time) no further call is sent and those still open are aborted.
 */
export async function runBatch(
  client: ApiClient,
  options: {
    count: number;
    concurrency: number;
    pathOf: (i: number, worker: number) => string;
    priority?: Priority;
    deadline?: number;
  },
): Promise<BatchResult> {
  const { count, concurrency, pathOf, priority, deadline = Number.POSITIVE_INFINITY } = options;
  const results: CallResult[] = [];
  const startedAt = Date.now();
  let next = 0;
  let timedOut = false;
  const timer =
    deadline < Number.POSITIVE_INFINITY
      ? setTimeout(
          () => {
            timedOut = true;
            client.abortAll();
          },
          Math.max(0, deadline - startedAt),
        )
      : undefined;
  const worker = async (w: number) => {
    while (next < count && !timedOut) {
      const i = next++;
      results.push(await client.get(pathOf(i, w), priority));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  } finally {
    if (timer) clearTimeout(timer);
  }
  const answered = results.filter((r) => r.kind !== 'aborted').length;
  return { results, startedAt, elapsedMs: Date.now() - startedAt, answered, complete: answered === count };
}

/**
 * Fires `fn(i)` for i = 0 .. count-1 at `startAt + i * periodMs` without waiting for the previous call: a caller's
 * pace. `stop()` cancels what has not been fired; `lastFired` resolves once the last call has been fired (or the
 * loop stopped); `settled()` once every fired call has settled.
 */
export function paced(periodMs: number, count: number, fn: (i: number) => Promise<unknown>, startAt = Date.now()) {
  const fired: Array<Promise<unknown>> = [];
  let timer: NodeJS.Timeout | undefined;
  let i = 0;
  let stopped = false;
  let ended!: () => void;
  const lastFired = new Promise<void>((resolve) => (ended = resolve));
  const fire = () => {
    timer = undefined;
    if (stopped || i >= count) return ended();
    fired.push(fn(i++));
    if (i < count) timer = setTimeout(fire, Math.max(0, startAt + i * periodMs - Date.now()));
    else ended();
  };
  if (count <= 0) ended();
  else timer = setTimeout(fire, Math.max(0, startAt - Date.now()));
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    ended();
  };
  defer(stop);
  return { stop, lastFired, settled: () => Promise.allSettled(fired) };
}

/** Resolves when `promise` does or when `ms` have passed, whichever is first (never rejects). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The gateway host on the real clock, with live credentials for the simulator.

export interface TransitionRecord {
  at: number;
  from: string;
  to: string;
  cause: string;
  reason: string;
  /** The simulator's count when the transition was heard (read a few ms later). */
  realCount?: number;
}

export interface HostUnderTest {
  host: GatewayHost;
  /** The gateway's base URL: what the script uses instead of the simulator's. */
  baseUrl: string;
  transitions: TransitionRecord[];
  log: string[];
}

function modeOf(state: ThrottleTransition['to']): string {
  return `${state.mode}${state.wokenByUser ? ';woken' : ''}${state.criticalStopped ? ';critical-stop' : ''}${
    state.backoffUntil !== undefined ? ';backoff' : ''
  }`;
}

/**
 * `headroom gateway` for the demo user against `tenant`, on the real clock; resolves once it has read the
 * tenant's counter for the first time. `gateway` changes the gateway's settings as its command-line options do
 * (`--max-hold-seconds`). Stopped after the test.
 */
export async function startHost(
  tenant: Tenant,
  gateway: Partial<Omit<GatewaySettings, 'port'>> = {},
): Promise<HostUnderTest> {
  const settings: Settings = {
    ...defaultSettings,
    connection: {
      ...defaultSettings.connection,
      autotaskBaseUrl: tenant.sim.baseUrl,
      username: demoUser.username,
      integrationCode: demoUser.integrationCode,
    },
    gateway: { ...defaultSettings.gateway, ...gateway, port: 0 },
  };
  const log: string[] = [];
  const host = await startGatewayHost({
    settings,
    credentials: {
      username: demoUser.username,
      secret: demoUser.secret,
      integrationCode: demoUser.integrationCode,
    },
    clock: systemClock,
    log: (line) => log.push(line),
  });
  defer(() => host.stop());
  const transitions: TransitionRecord[] = [];
  host.monitor.onThrottleChange((transition) => {
    const record: TransitionRecord = {
      at: transition.at,
      from: modeOf(transition.from),
      to: modeOf(transition.to),
      cause: transition.cause,
      reason: reasonWords(transition.to.reason),
    };
    transitions.push(record);
    void tenant.stats().then(
      (stats) => (record.realCount = stats.windowCount),
      () => undefined,
    );
  });
  if (host.monitor.poller.status.lastSampleAt === undefined) {
    await new Promise<void>((resolve) => {
      const stop = host.monitor.poller.onSample(() => {
        stop();
        resolve();
      });
    });
  }
  return { host, baseUrl: host.gateway.baseUrl, transitions, log };
}

/** Only changes of mode (normal, slowed, asleep), not of backoff or the critical stop alone. */
export function modeChanges(transitions: TransitionRecord[]): TransitionRecord[] {
  return transitions.filter((t) => t.from.split(';')[0] !== t.to.split(';')[0]);
}

// ---------------------------------------------------------------------------------------------------------------
// Figures.

/** The p-th percentile (nearest rank); NaN, printed as such, when there is nothing to measure. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function countKinds(results: CallResult[]): Record<CallKind, number> {
  const counts: Record<CallKind, number> = {
    ok: 0,
    'upstream-429': 0,
    refused: 0,
    'other-status': 0,
    error: 0,
    aborted: 0,
  };
  for (const result of results) counts[result.kind]++;
  return counts;
}

export function seconds(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;
}

/** The gateway's own counts (forwarded, held, refused, failed; in flight and waiting now). */
export function gatewayFigures(host: HostUnderTest): string {
  return Object.entries(host.host.gateway.stats())
    .filter(([name]) => name !== 'byIntegration')
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

/** Transitions whose `from` is not the previous one's `to`: a change of state no listener was told of. */
export function unheardChanges(transitions: TransitionRecord[]): number {
  return transitions.filter((t, i) => i > 0 && t.from !== transitions[i - 1]?.to).length;
}

export function describeTransitions(transitions: TransitionRecord[], since: number): string {
  if (transitions.length === 0) return 'none';
  return transitions
    .map(
      (t) =>
        `[${t.at >= since ? '+' : '-'}${(Math.abs(t.at - since) / 1000).toFixed(1)}s ${t.from}->${t.to} (${t.cause}, real ${t.realCount ?? '?'}): ${t.reason}]`,
    )
    .join(' ');
}

/** The one line a case prints: `[realtime] <case>: <figures>`. */
export function report(name: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  console.log(`[realtime] ${name}: ${text}`);
}

/** The batch a script sends in the timed cases: 1,000 ticket reads, 3 at a time (Autotask's thread limit). */
export const scriptBatch = {
  count: 1_000,
  concurrency: 3,
  pathOf: (i: number) => `Tickets/${(i % 500) + 1}`,
} as const;

/**
 * The script's batch through the gateway, as normal calls, given up to `allowedMs` (and 2 s more) to finish, and
 * the figures that compare it with the same batch sent direct.
 */
export async function batchThroughGateway(script: ApiClient, direct: BatchResult, allowedMs: number) {
  const viaGateway = await runBatch(script, {
    ...scriptBatch,
    priority: 'normal',
    deadline: Date.now() + allowedMs + 2_000,
  });
  const kinds = countKinds(viaGateway.results);
  const times = (batch: BatchResult) => batch.results.map((r) => r.ms);
  const slowest = Math.max(...times(viaGateway));
  const ratio = (viaGateway.elapsedMs / direct.elapsedMs).toFixed(2);
  const figures = {
    'calls through': `${kinds.ok}/1000 ok (${viaGateway.answered} answered${viaGateway.complete ? '' : ', cut at deadline'})`,
    'gateway vs direct': `${seconds(viaGateway.elapsedMs)} vs ${seconds(direct.elapsedMs)} (x${ratio}, allowed ${seconds(allowedMs)})`,
    'p50 gateway/direct': `${percentile(times(viaGateway), 50)}/${percentile(times(direct), 50)} ms`,
    'slowest gateway/direct': `${slowest}/${Math.max(...times(direct))} ms`,
    'our 429s': `upstream ${kinds['upstream-429']}, gateway ${kinds.refused}, unanswered ${kinds.aborted}`,
  };
  return { viaGateway, kinds, slowest, figures };
}
