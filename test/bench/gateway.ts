/**
 * `npm run bench:gateway`: the gateway's overhead beside direct calls and a plain reverse proxy, then the soak
 * (test/bench/gateway/). A full run writes docs/bench/gateway.json and the sections docs/bench/gateway.md that
 * `npm run bench` puts into docs/BENCHMARKS.md, and prints them; about 3 minutes on 2 cores.
 *
 *   npx tsx test/bench/gateway.ts                       overhead and soak, written to docs/bench/
 *   npx tsx test/bench/gateway.ts overhead|soak         one part, printed only
 *   npx tsx test/bench/gateway.ts overhead --profile D  with node --cpu-prof of both proxies into D, and where
 *                                                       their CPU went (in the last pair of processes)
 *   npx tsx test/bench/gateway.ts overhead --latency 0  one upstream response time only (ms; may be repeated)
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureOverhead } from './gateway/overhead';
import { summarizeProfile } from './gateway/profile-summary';
import { checkTargets, markdownSections, type GatewayBench } from './gateway/report';
import { soak } from './gateway/soak';
import { machine, root } from './load';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { profile: { type: 'string' }, latency: { type: 'string', multiple: true } },
});
const parts = positionals.length > 0 ? positionals : ['overhead', 'soak'];
const unknown = parts.filter((part) => part !== 'overhead' && part !== 'soak');
if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}: the parts are overhead and soak`);
const profileDir = values.profile === undefined ? undefined : resolve(values.profile);
const upstreamLatenciesMs = values.latency?.map(Number);
if (upstreamLatenciesMs?.some((ms) => !Number.isInteger(ms) || ms < 0)) {
  throw new Error(`--latency takes whole milliseconds of 0 or more (got ${values.latency?.join(', ')})`);
}
const wholeRun = parts.length === 2 && profileDir === undefined && upstreamLatenciesMs === undefined;

const bench: GatewayBench = {
  machine: machine(),
  loadAverageBefore: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  command: wholeRun ? 'npm run bench:gateway' : `npx tsx test/bench/gateway.ts ${process.argv.slice(2).join(' ')}`,
};
if (parts.includes('overhead')) {
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const { cores, results } = await measureOverhead({
    ...(profileDir ? { profileDir } : {}),
    ...(upstreamLatenciesMs ? { upstreamLatenciesMs } : {}),
  });
  bench.overhead = { cores, results, targets: checkTargets(results) };
}
if (parts.includes('soak')) bench.soak = await soak();

const sections = markdownSections(bench);
if (wholeRun) {
  mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(root, 'docs', 'bench', 'gateway.json'), `${JSON.stringify(bench, null, 2)}\n`);
  writeFileSync(join(root, 'docs', 'bench', 'gateway.md'), `${sections}\n`);
}
console.log(sections);
if (profileDir) {
  for (const path of ['gateway', 'http-proxy-3']) {
    const dir = join(profileDir, path);
    // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main one (tsx's loader has its own), and
    // names sort by time, so the last is that of the run's last process.
    const latest = readdirSync(dir)
      .filter((name) => /\.0\.\d+\.cpuprofile$/.test(name))
      .sort()
      .pop();
    if (!latest) continue;
    const summary = summarizeProfile(join(dir, latest));
    console.log(`\n${path} (${join(dir, latest)}): ${summary.totalMs} ms on CPU, ${summary.ownCodeMs} ms in electron/`);
    for (const entry of summary.top)
      console.log(`  ${entry.share}%\t${entry.selfMs} ms\t${entry.function}\t${entry.where}`);
  }
}
