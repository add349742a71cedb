/**
 * `npm run bench:host`: what the headless host (`headroom serve`) costs a machine. Its idle footprint, live against
 * a quiet simulated tenant, the case a host is in most of the day: RSS and CPU over a minute. Then what one
 * snapshot event costs it with 20 clients on /api/events: the spread from the first client to the last, and CPU
 * per event. The host and the simulator each run in their own process (test/bench/host/), on loopback, on ports
 * the OS picks; every process started is stopped at the end, and its process group killed if the bench fails.
 * About 2 minutes.
 *
 * Writes docs/bench/host.json and the sections docs/bench/host.md that `npm run bench` puts into
 * docs/BENCHMARKS.md, and prints them.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenFileName } from '../../electron/headless/token-file';
import { demoUser } from '../../electron/simulator';
import { measureFanOut } from './host/fan-out';
import { measureIdle } from './host/idle';
import { killAll, startProbed, type ProbedProcess } from './host/probed-process';
import { markdownSections, type HostBench } from './host/report';
import { machine, root } from './load';

const started = performance.now();
const loadAverageBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
// The host's token file, history and anything else it keeps go here, never to the user's own folders.
const home = await mkdtemp(join(tmpdir(), 'headroom-bench-host-'));

let bench: HostBench;
try {
  bench = await run();
} catch (error) {
  killAll();
  throw error;
} finally {
  await rm(home, { recursive: true, force: true });
}

async function run(): Promise<HostBench> {
  const simulator = await startProbed(['simulate', '--port', '0', '--load', 'quiet'], { lineCount: 1 });
  const baseUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(simulator.firstLines[0] ?? '')?.[0];
  if (!baseUrl) throw new Error(`the simulator did not say where it listens: ${simulator.firstLines.join(' | ')}`);
  const tenantCalls = async () => {
    const stats = (await (await fetch(new URL('/_sim/stats', baseUrl))).json()) as { totalRequests: number };
    return stats.totalRequests;
  };
  const host = await startProbed(
    [
      ...['serve', '--autotask-url', baseUrl, '--username', demoUser.username],
      ...['--integration-code', demoUser.integrationCode, '--port', '0', '--gateway-port', '0'],
    ],
    {
      lineCount: 2,
      env: {
        HEADROOM_SECRET: demoUser.secret,
        HOME: home,
        XDG_RUNTIME_DIR: join(home, 'run'),
        HEADROOM_DATA_DIR: join(home, 'data'),
      },
    },
  );
  const ui = uiOf(host);
  const token = await readFile(join(home, 'run', 'headroom', tokenFileName(Number(new URL(ui).port))), 'utf8');
  const idle = await measureIdle(host, tenantCalls);
  const fanOut = await measureFanOut(host, { url: ui, token }, tenantCalls);
  const exitCode = await host.stop();
  await simulator.stop();
  return {
    mode: 'a quiet simulated tenant (`headroom simulate --load quiet`: a limit of 10,000 calls per 60 minutes, no other integration calling)',
    idle,
    fanOut,
    exitCode,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: machine(),
    loadAverageBefore,
    command: 'npm run bench:host',
  };
}

function uiOf(host: ProbedProcess): string {
  const url = /^Headroom UI at (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(host.firstLines[0] ?? '')?.[1];
  if (!url) throw new Error(`headroom serve did not say where its UI is: ${host.firstLines.join(' | ')}`);
  return url;
}

const sections = markdownSections(bench);
await mkdir(join(root, 'docs', 'bench'), { recursive: true });
await writeFile(join(root, 'docs', 'bench', 'host.json'), `${JSON.stringify(bench, null, 2)}\n`);
await writeFile(join(root, 'docs', 'bench', 'host.md'), `${sections}\n`);
console.log(sections);
