/**
 * What the gateway costs a call: throughput and p50/p99 latency direct to the simulator and through the gateway
 * (normal state: a limit no run comes near), with Autotask's answers taking 50 ms. The simulator and the gateway
 * each run in their own process; the load comes from this one.
 *
 * The call is a ticket query (POST Tickets/query, MaxRecords 50: 50 tickets, about 24 KB), the bread and butter
 * of an integration, and one the gateway does real work on: it reads the answer whole to point its page URL back
 * at itself. The 50 connections are 17 API users (integration codes) of at most 3 connections each, as Autotask
 * allows 3 calls in flight per integration code and entity: one code on 50 connections would measure Autotask's
 * thread-limit error, direct, and the gateway's queueing in front of it.
 *
 * The two paths are measured in turn, round after round, so a drift of the machine's speed falls on both alike.
 */
import { Agent } from 'node:http';
import type { ApiUser } from '../../../electron/simulator';
import { closedLoop, startSimulatorProcess, summarize, type Call, type LoadResult, type LoadRun } from '../load';
import { startBenchChild } from './process-link';

export const CONNECTIONS = 50;
export const UPSTREAM_LATENCY_MS = 50;
export const ROUNDS = 6;
/** Calls the gateway's process serves before any round measures it: its JIT has compiled the hot path by then. */
export const PROCESS_WARM_UP_MS = 3000;
export const WARM_UP_MS = 500;
export const MEASURE_MS = 2000;
const THREADS_PER_CODE = 3;
const UNREACHABLE_LIMIT = 2_000_000_000;

const paths = ['direct', 'gateway'] as const;
export type PathName = (typeof paths)[number];

export interface PathResult extends LoadResult {
  path: PathName;
}

export const users: ApiUser[] = Array.from({ length: Math.ceil(CONNECTIONS / THREADS_PER_CODE) }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { username: `bench${n}@headroom.example`, secret: `bench-secret-${n}`, integrationCode: `BENCH${n}` };
});

export async function measureOverhead(): Promise<PathResult[]> {
  const simulator = await startSimulatorProcess([
    ...['--port', '0', '--no-latency', '--load', 'quiet', '--limit', String(UNREACHABLE_LIMIT)],
    ...users.flatMap((user) => ['--user', `${user.username}:${user.secret}:${user.integrationCode}`]),
  ]);
  try {
    await simulator.admin('config', { baseLatencyMs: UPSTREAM_LATENCY_MS });
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
      { env: { HEADROOM_SECRET: monitorUser.secret } },
    );
    try {
      await closedLoopOn(gateway.baseUrl, PROCESS_WARM_UP_MS);
      const runs: Record<PathName, LoadRun[]> = { direct: [], gateway: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with the other path, so neither always runs first.
        for (const path of round % 2 === 0 ? paths : [...paths].reverse()) {
          const baseUrl = path === 'direct' ? simulator.baseUrl : gateway.baseUrl;
          await closedLoopOn(baseUrl, WARM_UP_MS);
          runs[path].push(await closedLoopOn(baseUrl, MEASURE_MS));
        }
      }
      return paths.map((path) => ({ path, ...summarize(runs[path]) }));
    } finally {
      await gateway.stop();
    }
  } finally {
    await simulator.stop();
  }
}

async function closedLoopOn(baseUrl: string, durationMs: number): Promise<LoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    return await closedLoop(agent, CONNECTIONS, durationMs, callsTo(baseUrl));
  } finally {
    agent.destroy();
  }
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
