/**
 * Throughput of the Autotask simulator, so it is known never to be the bottleneck of a gateway benchmark:
 * requests per second and p50/p99 latency for ThresholdInformation and for a ticket query (MaxRecords 50), each
 * for a few seconds from 50 concurrent keep-alive connections, with latency off and a limit no run can reach.
 * The simulator runs as `headroom simulate` in its own process, so the load loop does not share its event loop.
 *
 * Run: npx tsx test/bench/simulator.ts, or `npm run bench -- simulator`. Writes docs/bench/simulator.json and the
 * section docs/bench/simulator.md that `npm run bench` puts into docs/BENCHMARKS.md, and prints the table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoUser } from '../../electron/simulator';
import {
  closedLoop,
  machine,
  root,
  startSimulatorProcess,
  summarize,
  type Call,
  type LoadResult,
  type Machine,
} from './load';

const connections = 50;
const warmUpMs = 1000;
const measureMs = 4000;
const simulatorArgs = ['--port', '0', '--no-latency', '--load', 'quiet', '--limit', '2000000000'];

interface SimulatorBench {
  thresholdInformation: LoadResult;
  ticketQuery: LoadResult;
  machine: Machine;
  command: string;
}

async function benchSimulator(): Promise<SimulatorBench> {
  const simulator = await startSimulatorProcess(simulatorArgs);
  const call = (method: Call['method'], path: string, body?: string): Call => ({
    method,
    url: new URL(path, simulator.baseUrl),
    headers: {
      UserName: demoUser.username,
      Secret: demoUser.secret,
      ApiIntegrationCode: demoUser.integrationCode,
      'Content-Type': 'application/json',
    },
    ...(body === undefined ? {} : { body }),
  });
  try {
    const thresholdInformation = await measure(call('GET', 'V1.0/ThresholdInformation'));
    const ticketQuery = await measure(
      call(
        'POST',
        'V1.0/Tickets/query',
        JSON.stringify({ filter: [{ op: 'eq', field: 'status', value: 1 }], MaxRecords: 50 }),
      ),
    );
    return { thresholdInformation, ticketQuery, machine: machine(), command: 'npx tsx test/bench/simulator.ts' };
  } finally {
    await simulator.stop();
  }
}

/** A warm-up run, then the measured one, every connection sending the same call. */
async function measure(call: Call): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  await closedLoop(agent, connections, warmUpMs, () => call);
  const run = await closedLoop(agent, connections, measureMs, () => call);
  agent.destroy();
  return summarize([run]);
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
