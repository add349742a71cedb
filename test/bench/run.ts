/**
 * `npm run bench`: runs every benchmark one after another (they would skew each other's timings if run together),
 * then assembles docs/BENCHMARKS.md from the sections they wrote to docs/bench/<name>.md, headed by the machine
 * and the command, so every number in it can be reproduced.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

const root = join(import.meta.dirname, '..', '..');
const allBenchmarks = ['simulator', 'throttle', 'gateway', 'renderer'];
const benchmarks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : allBenchmarks;

for (const name of benchmarks) {
  console.log(`\n== bench: ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'bench', `${name}.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`bench: ${name} failed (exit ${run.status ?? run.signal}); docs/BENCHMARKS.md not written.`);
    process.exit(1);
  }
}

const machine = [
  `- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; memory ${Math.round(totalmem() / 2 ** 30)} GiB`,
  `- OS: ${osType()} ${release()}; Node ${process.version}`,
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
  `- Command: \`npm run bench\` (one benchmark: \`npm run bench -- <name>\`, names: ${allBenchmarks.join(', ')}; this file last ran: ${benchmarks.join(', ')})`,
].join('\n');

const sections = allBenchmarks
  .map((name) => {
    try {
      return readFileSync(join(root, 'docs', 'bench', `${name}.md`), 'utf8').trim();
    } catch {
      return undefined;
    }
  })
  .filter((section): section is string => section !== undefined);

const target = join(root, 'docs', 'BENCHMARKS.md');
const text = `# Benchmarks\n\nProduced by \`npm run bench\`; the figures behind each table are in \`docs/bench/*.json\`.\n\n## Machine\n\n${machine}\n\n${sections.join('\n\n')}\n`;
// Written as the project's Prettier would write it, so `npm run lint` passes on a fresh run.
writeFileSync(target, await format(text, { ...(await resolveConfig(target)), filepath: target }));
console.log('\nbench: wrote docs/BENCHMARKS.md');
