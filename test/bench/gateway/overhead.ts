/**
 * What the gateway costs a call: throughput, p50/p99 latency and CPU per request direct to the simulator, through
 * the gateway (normal state: a limit no run comes near) and through a plain http-proxy-3 reverse proxy, with a
 * fixed upstream response time of 50 ms and with none. The simulator, the gateway and the plain proxy each run in
 * their own process; the load comes from this one.
 *
 * The call is a ticket query (POST Tickets/query, MaxRecords 50: 50 tickets, about 24 KB), the bread and butter
 * of an integration, and one the gateway does real work on: it reads the answer whole to point its page URL back
 * at itself. The 50 connections are 17 API users (integration codes) of at most 3 connections each, as Autotask
 * allows 3 calls in flight per integration code and entity: one code on 50 connections would measure Autotask's
 * thread-limit error, direct, and the gateway's queueing in front of it.
 *
 * Paths are measured in turn, round after round, so a drift of the machine's speed falls on all of them alike.
 * The proxy being measured has a core to itself where the machine allows it (see cores.ts).
 */
import { Agent } from 'node:http';
import { join } from 'node:path';
import type { ApiUser } from '../../../electron/simulator';
import {
  closedLoop,
  startSimulatorProcess,
  summarize,
  type Call,
  type LoadResult,
  type LoadRun,
  type SimulatorProcess,
} from '../load';
import { pin, splitCores, type CoreSplit } from './cores';
import { startBenchChild, type BenchChild } from './process-link';

export const CONNECTIONS = 50;
const UPSTREAM_LATENCIES_MS = [50, 0] as const;
export const ROUNDS = 12;
/** Rounds measured on the same pair of proxy processes. */
export const ROUNDS_PER_PROCESS = 4;
/** Calls a new proxy process serves before any round measures it. */
export const PROCESS_WARM_UP_MS = 3000;
export const WARM_UP_MS = 500;
export const MEASURE_MS = 2000;
const THREADS_PER_CODE = 3;
const UNREACHABLE_LIMIT = 2_000_000_000;

const paths = ['direct', 'gateway', 'http-proxy-3'] as const;
export type PathName = (typeof paths)[number];

export interface PathResult extends LoadResult {
  path: PathName;
  /** CPU time (user + system) of the proxy's own process per request, in µs; none for direct calls. */
  proxyCpuMicrosPerRequest?: number;
  /** Of that, the time its main thread stood still for garbage collection per request, in µs. */
  proxyGcMicrosPerRequest?: number;
  /** Each round on its own, in the order they ran: how much the figures move from one round to the next. */
  rounds: RoundFigures[];
}

export interface RoundFigures {
  rps: number;
  p99Ms: number;
  proxyCpuMicrosPerRequest?: number;
}

export interface LatencyResult {
  upstreamLatencyMs: number;
  rows: PathResult[];
}

export interface OverheadResult {
  /** Where the processes ran: the proxy on a core of its own, or why not. */
  cores: CoreSplit;
  results: LatencyResult[];
}

export interface OverheadOptions {
  /** Write CPU profiles (node --cpu-prof) of the gateway's and the plain proxy's process to <dir>/<path>/. */
  profileDir?: string;
  /** Only these upstream response times (50 and 0 ms by default). */
  upstreamLatenciesMs?: readonly number[];
}

export const users: ApiUser[] = Array.from({ length: Math.ceil(CONNECTIONS / THREADS_PER_CODE) }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { username: `bench${n}@headroom.example`, secret: `bench-secret-${n}`, integrationCode: `BENCH${n}` };
});

export async function measureOverhead(options: OverheadOptions = {}): Promise<OverheadResult> {
  const cores = splitCores();
  // The simulator and the proxies start from this process and take its cores, until they are given their own.
  if (cores.pinned) pin(process.pid, cores.rest);
  try {
    return { cores, results: await measureAllPaths(cores, options) };
  } finally {
    if (cores.pinned) pin(process.pid, cores.all);
  }
}

async function measureAllPaths(cores: CoreSplit, options: OverheadOptions): Promise<LatencyResult[]> {
  const simulator = await startSimulatorProcess([
    ...['--port', '0', '--no-latency', '--load', 'quiet', '--limit', String(UNREACHABLE_LIMIT)],
    ...users.flatMap((user) => ['--user', `${user.username}:${user.secret}:${user.integrationCode}`]),
  ]);
  try {
    const results: LatencyResult[] = [];
    for (const upstreamLatencyMs of options.upstreamLatenciesMs ?? UPSTREAM_LATENCIES_MS) {
      await simulator.admin('config', { baseLatencyMs: upstreamLatencyMs });
      const runs = {} as Record<
        PathName,
        { loads: LoadRun[]; cpuMicros: number; gcMicros: number; rounds: RoundFigures[] }
      >;
      for (const path of paths) runs[path] = { loads: [], cpuMicros: 0, gcMicros: 0, rounds: [] };
      let proxies: Proxies | undefined;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          // New proxy processes every few rounds. A process keeps its luck for life (where its memory lies, what
          // its JIT made of the code): with one process per proxy for a whole run, one proxy's CPU per request
          // came out a third higher or lower from one run to the next, the same way in every round.
          if (round % ROUNDS_PER_PROCESS === 0) {
            await stopProxies(proxies);
            proxies = undefined;
            proxies = await startProxies(simulator, cores, options);
          }
          // Each round starts with another path, so none always runs first.
          for (const path of [...paths.slice(round % paths.length), ...paths.slice(0, round % paths.length)]) {
            const proxy = path === 'direct' ? undefined : proxies?.[path];
            const measured = await measurePath(proxy?.baseUrl ?? simulator.baseUrl, proxy);
            runs[path].loads.push(measured.load);
            runs[path].cpuMicros += measured.cpuMicros;
            runs[path].gcMicros += measured.gcMicros;
            const { rps, p99Ms, requests } = summarize([measured.load]);
            runs[path].rounds.push({
              rps,
              p99Ms,
              ...(proxy ? { proxyCpuMicrosPerRequest: Math.round(measured.cpuMicros / requests) } : {}),
            });
          }
        }
      } finally {
        await stopProxies(proxies);
      }
      results.push({
        upstreamLatencyMs,
        rows: paths.map((path) => {
          const { loads, cpuMicros, gcMicros, rounds } = runs[path];
          const load = summarize(loads);
          return {
            path,
            ...load,
            ...(path === 'direct'
              ? {}
              : {
                  proxyCpuMicrosPerRequest: Math.round(cpuMicros / load.requests),
                  proxyGcMicrosPerRequest: Math.round(gcMicros / load.requests),
                }),
            rounds,
          };
        }),
      });
    }
    return results;
  } finally {
    await simulator.stop();
  }
}

type Proxies = Record<Exclude<PathName, 'direct'>, BenchChild>;

/**
 * The gateway and the plain proxy in front of the simulator, each on the proxies' core when there is one, and warmed
 * up: the JIT's work is CPU time of the process too, and the gateway has more code to compile. In their first two
 * seconds of calls, both spent 2 to 4 times the CPU per request they settled at.
 */
async function startProxies(simulator: SimulatorProcess, cores: CoreSplit, options: OverheadOptions): Promise<Proxies> {
  const monitorUser = users[0] as ApiUser;
  const gateway = await startBenchChild(
    'gateway-stack',
    {
      settings: {
        connection: {
          autotaskBaseUrl: simulator.baseUrl,
          username: monitorUser.username,
          integrationCode: monitorUser.integrationCode,
        },
        gateway: { port: 0 },
      },
    },
    { env: { HEADROOM_SECRET: monitorUser.secret }, ...profiling(options, 'gateway') },
  );
  let plainProxy: BenchChild;
  try {
    plainProxy = await startBenchChild('plain-proxy', { target: simulator.origin }, profiling(options, 'http-proxy-3'));
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  if (cores.pinned) for (const child of [gateway, plainProxy]) pin(child.pid, cores.proxy);
  for (const child of [gateway, plainProxy]) await warmUp(child.baseUrl, PROCESS_WARM_UP_MS);
  return { gateway, 'http-proxy-3': plainProxy };
}

async function stopProxies(proxies: Proxies | undefined): Promise<void> {
  if (proxies) await Promise.all([proxies.gateway.stop(), proxies['http-proxy-3'].stop()]);
}

function profiling({ profileDir }: OverheadOptions, path: PathName): { profileDir?: string } {
  return profileDir ? { profileDir: join(profileDir, path) } : {};
}

/** A warm-up, then a measured run with the proxy's CPU and GC time read at its start and its end. */
async function measurePath(baseUrl: string, proxy: BenchChild | undefined) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const callFor = callsTo(baseUrl);
  await closedLoop(agent, CONNECTIONS, WARM_UP_MS, callFor);
  const before = await proxy?.usage();
  const load = await closedLoop(agent, CONNECTIONS, MEASURE_MS, callFor);
  const after = await proxy?.usage();
  agent.destroy();
  return {
    load,
    cpuMicros: (after?.cpuMicros ?? 0) - (before?.cpuMicros ?? 0),
    gcMicros: (after?.gcMicros ?? 0) - (before?.gcMicros ?? 0),
  };
}

async function warmUp(baseUrl: string, durationMs: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  await closedLoop(agent, CONNECTIONS, durationMs, callsTo(baseUrl));
  agent.destroy();
}

/** Worker i's call: a ticket query as the API user of its group of three. */
function callsTo(baseUrl: string): (worker: number) => Call {
  return (worker) => ticketQuery(baseUrl, users[Math.floor(worker / THREADS_PER_CODE)] as ApiUser);
}

function ticketQuery(baseUrl: string, user: ApiUser): Call {
  return {
    method: 'POST',
    url: new URL('V1.0/Tickets/query', baseUrl),
    headers: {
      UserName: user.username,
      Secret: user.secret,
      ApiIntegrationCode: user.integrationCode,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ filter: [{ op: 'eq', field: 'status', value: 1 }], MaxRecords: 50 }),
  };
}
