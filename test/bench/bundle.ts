/**
 * The processes a benchmark measures run as bundled JavaScript, as they would ship, not under tsx: tsx compiles on
 * load and wraps every function to keep its name, which costs a few percent of CPU that no user would pay, and the
 * plain proxy they are compared with is compiled JavaScript too.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { root } from './load';

/** Bundles `entry` (a path from the project's root) and gives back the path of the .mjs to run with node. */
export async function bundledForBench(entry: string): Promise<string> {
  // Under node_modules, so the bundle's own imports of packages (kept out of it) resolve as the source's do.
  const outDir = join(root, 'node_modules', '.cache', 'headroom-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}
