/**
 * `npm run bench:gateway`: the gateway's overhead beside direct calls at 50 ms answers, then the soak
 * (test/bench/gateway/). A full run writes docs/bench/gateway.json and the sections docs/bench/gateway.md that
 * `npm run bench` puts into docs/BENCHMARKS.md, and prints them; about 3 minutes on 2 cores.
 *
 *   npx tsx test/bench/gateway.ts                 overhead and soak, written to docs/bench/
 *   npx tsx test/bench/gateway.ts overhead|soak   one part, printed only
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureOverhead } from './gateway/overhead';
import { checkTarget, markdownSections, type GatewayBench } from './gateway/report';
import { soak } from './gateway/soak';
import { machine, root } from './load';

const { positionals } = parseArgs({ allowPositionals: true });
const parts = positionals.length > 0 ? positionals : ['overhead', 'soak'];
const unknown = parts.filter((part) => part !== 'overhead' && part !== 'soak');
if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}: the parts are overhead and soak`);
const wholeRun = parts.length === 2;

const bench: GatewayBench = {
  machine: machine(),
  loadAverageBefore: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  command: wholeRun ? 'npm run bench:gateway' : `npx tsx test/bench/gateway.ts ${process.argv.slice(2).join(' ')}`,
};
if (parts.includes('overhead')) {
  const results = await measureOverhead();
  bench.overhead = { results, target: checkTarget(results) };
}
if (parts.includes('soak')) bench.soak = await soak();

const sections = markdownSections(bench);
if (wholeRun) {
  mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(root, 'docs', 'bench', 'gateway.json'), `${JSON.stringify(bench, null, 2)}\n`);
  writeFileSync(join(root, 'docs', 'bench', 'gateway.md'), `${sections}\n`);
}
console.log(sections);
