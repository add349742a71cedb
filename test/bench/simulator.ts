/**
 * Throughput of the Autotask simulator, so it is known never to be the bottleneck of a gateway benchmark:
 * requests per second and p50/p99 latency for ThresholdInformation and for a ticket query (MaxRecords 50), each
 * for a few seconds from 50 concurrent keep-alive connections, with latency off and a limit no run can reach.
 * The simulator runs as `headroom simulate` in its own process, so the load loop does not share its event loop.
 *
 * Run: npx tsx test/bench/simulator.ts, or `npm run bench -- simulator`. Writes docs/bench/simulator.json and the
 * section docs/bench/simulator.md that `npm run bench` puts into docs/BENCHMARKS.md, and prints the table.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoUser } from '../../electron/simulator';

const root = join(import.meta.dirname, '..', '..');
const connections = 50;
const warmUpMs = 1000;
const measureMs = 4000;
const simulatorArgs = ['simulate', '--port', '0', '--no-latency', '--load', 'quiet', '--limit', '2000000000'];

interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers other than 200 (a 429 or thread-limit error would mean the run measured the wrong thing). */
  failures: number;
}

interface SimulatorBench {
  thresholdInformation: LoadResult;
  ticketQuery: LoadResult;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  command: string;
}

interface Target {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

async function benchSimulator(): Promise<SimulatorBench> {
  const simulator = await startSimulatorProcess();
  try {
    const thresholdInformation = await measure(simulator.baseUrl, { method: 'GET', path: 'V1.0/ThresholdInformation' });
    const ticketQuery = await measure(simulator.baseUrl, {
      method: 'POST',
      path: 'V1.0/Tickets/query',
      body: JSON.stringify({ filter: [{ op: 'eq', field: 'status', value: 1 }], MaxRecords: 50 }),
    });
    return {
      thresholdInformation,
      ticketQuery,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      command: 'npx tsx test/bench/simulator.ts',
    };
  } finally {
    await simulator.stop();
  }
}

async function startSimulatorProcess(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(root, 'electron/headless/cli.ts'), ...simulatorArgs],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let printed = '';
  for await (const chunk of child.stdout) {
    printed += String(chunk);
    if (printed.includes('\n')) break;
  }
  const baseUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(printed)?.[0];
  if (!baseUrl) throw new Error(`the simulator did not start: ${printed}`);
  return {
    baseUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** 50 workers, each sending its next request as soon as the last is answered, over keep-alive connections. */
async function measure(baseUrl: string, target: Target): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(target.path, baseUrl);
  const headers = {
    UserName: demoUser.username,
    Secret: demoUser.secret,
    ApiIntegrationCode: demoUser.integrationCode,
    'Content-Type': 'application/json',
  };
  const send = () =>
    new Promise<number>((resolve, reject) => {
      const outgoing = request(url, { method: target.method, headers, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      outgoing.on('error', reject);
      outgoing.end(target.body);
    });

  const run = async (durationMs: number) => {
    const latencies: number[] = [];
    let failures = 0;
    const deadline = performance.now() + durationMs;
    const worker = async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        const status = await send();
        latencies.push(performance.now() - start);
        if (status !== 200) failures++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, worker));
    return { latencies, failures, elapsedMs: performance.now() - started };
  };

  await run(warmUpMs);
  const { latencies, failures, elapsedMs } = await run(measureMs);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return {
    rps: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    requests: latencies.length,
    failures,
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function markdownSection(bench: SimulatorBench): string {
  const row = (name: string, result: LoadResult) =>
    `| ${name} | ${result.rps} | ${result.p50Ms} | ${result.p99Ms} | ${result.failures} |`;
  return [
    '## Simulator throughput',
    '',
    `${connections} keep-alive connections for ${measureMs / 1000} s per call after ${warmUpMs / 1000} s of warm-up, ` +
      'usage latency off, a limit no run reaches, the simulator in its own process ' +
      `(${bench.machine.cpu}, ${bench.machine.cores} cores, Node ${bench.machine.node}; \`${bench.command}\`).`,
    '',
    '| call | requests/s | p50 ms | p99 ms | non-200 |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('ThresholdInformation', bench.thresholdInformation),
    row('Tickets query, MaxRecords 50', bench.ticketQuery),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bench = await benchSimulator();
  await mkdir(join(root, 'docs', 'bench'), { recursive: true });
  const section = markdownSection(bench);
  await writeFile(join(root, 'docs', 'bench', 'simulator.json'), `${JSON.stringify(bench, null, 2)}\n`);
  await writeFile(join(root, 'docs', 'bench', 'simulator.md'), `${section}\n`);
  console.log(section);
}
