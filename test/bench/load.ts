/**
 * What the HTTP benchmarks share: the simulator in its own process, one request over a keep-alive agent, a
 * closed-loop load of N connections (each sends its next request as soon as the last is answered), percentiles,
 * and the machine the figures came from.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type Agent, type IncomingHttpHeaders, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundledForBench } from './bundle';

export const root = join(import.meta.dirname, '..', '..');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export interface SimulatorProcess {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** http://127.0.0.1:PORT/ATServicesRest/ */
  baseUrl: string;
  pid: number;
  /** POSTs to the admin API (/_sim/<action>) and gives back the stats it answers with. */
  admin(action: string, body?: object): Promise<SimulatorStats>;
  stop(): Promise<void>;
}

/** The part of /_sim/stats the benchmarks read. */
export interface SimulatorStats {
  windowCount: number;
  totalRequests: number;
  served429: number;
  threadRejections: number;
}

/** `headroom simulate` with `args`, in its own process, so the load loop does not share its event loop. */
export async function startSimulatorProcess(args: readonly string[]): Promise<SimulatorProcess> {
  const cli = await bundledForBench('electron/headless/cli.ts');
  const child = spawn(process.execPath, [cli, 'simulate', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  for await (const chunk of child.stdout) {
    printed += String(chunk);
    if (printed.includes('\n')) break;
  }
  const baseUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(printed)?.[0];
  if (!baseUrl || child.pid === undefined) throw new Error(`the simulator did not start: ${printed}`);
  const origin = new URL(baseUrl).origin;
  return {
    origin,
    baseUrl,
    pid: child.pid,
    admin: async (action, body) => {
      const answer = await fetch(`${origin}/_sim/${action}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      if (!answer.ok) throw new Error(`simulator admin ${action}: ${answer.status} ${await answer.text()}`);
      return (await answer.json()) as SimulatorStats;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export interface Call {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Only when asked for: most runs only need the status, and reading the body as text costs the load loop. */
  body?: string;
}

/** One call over `agent`; rejects when the connection fails or no answer has come within `timeoutMs`. */
export function send(call: Call, agent: Agent, options: { keepBody?: boolean; timeoutMs?: number } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request(call.url, { method: call.method, headers: call.headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      if (options.keepBody) response.on('data', (chunk: Buffer) => chunks.push(chunk));
      else response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          ...(options.keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
        }),
      );
      response.on('error', reject);
    });
    if (options.timeoutMs !== undefined) {
      outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
    }
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers other than 200 (a 429 or thread-limit error would mean the run measured the wrong thing). */
  failures: number;
}

/** What one closed-loop run saw; runs of the same setup can be summed up together. */
export interface LoadRun {
  latencies: number[];
  elapsedMs: number;
  failures: number;
}

/**
 * `connections` workers for `durationMs`, each sending its next call as soon as the last is answered, over
 * keep-alive connections. `callFor(worker)` gives worker i its call, so workers can be different API users.
 */
export async function closedLoop(
  agent: Agent,
  connections: number,
  durationMs: number,
  callFor: (worker: number) => Call,
): Promise<LoadRun> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + durationMs;
  const worker = async (index: number) => {
    const call = callFor(index);
    while (performance.now() < deadline) {
      const start = performance.now();
      const { status } = await send(call, agent);
      latencies.push(performance.now() - start);
      if (status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  return { latencies, elapsedMs: performance.now() - started, failures };
}

/** Requests per second over all the runs' time together, and the percentiles of all their latencies. */
export function summarize(runs: readonly LoadRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const elapsedMs = runs.reduce((sum, run) => sum + run.elapsedMs, 0);
  return {
    rps: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    requests: latencies.length,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/** The value below which a share `p` of the sorted values lie (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Two decimals: microsecond noise is not worth printing. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
