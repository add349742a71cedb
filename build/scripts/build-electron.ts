import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { runAsScript } from './run-as-script';

/**
 * Bundles the two Electron entry points for the app as it ships:
 * - electron/main.ts -> dist/electron/main.cjs: Node code for Electron's main process, CommonJS. 'electron' and the
 *   production dependencies (package.json "dependencies") that CommonJS can require stay outside, required from
 *   node_modules in the package; everything else is in the one file. An ESM-only dependency would be bundled
 *   instead: required from CommonJS it would need Node's require(esm).
 * - electron/preload.ts -> dist/electron/preload.cjs: a sandboxed preload can require nothing but 'electron', so
 *   everything else is bundled in, and the build fails if the bundle would require anything more.
 * No source maps: they would ship in the package.
 */

export interface ElectronBuildOptions {
  /** The project root: where package.json is. */
  root: string;
  mainEntry?: string;
  preloadEntry?: string;
  outDir?: string;
}

export interface ElectronBuildResult {
  main: string;
  preload: string;
  /** What the main bundle requires at run time: 'electron', production dependencies, Node built-ins. */
  mainExternals: string[];
}

/** Electron 41's Node is 22 or later; Node 22 syntax is safe for it. */
const mainTarget = 'node22';
/** The preload runs in the renderer's Chromium (Electron 41: Chromium 146). */
const preloadTarget = 'chrome130';

function productionDependencies(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {});
}

/** Whether CommonJS can require the package without require(esm): it is CommonJS, or exports a require entry. */
export function requirable(root: string, name: string): boolean {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
    type?: string;
    main?: string;
    exports?: unknown;
  };
  if (pkg.type !== 'module') return true;
  if (pkg.exports === undefined) return pkg.main?.endsWith('.cjs') ?? false;
  return JSON.stringify(pkg.exports).includes('"require"');
}

/** The bare module names a bundle still imports (what it will require at run time). */
function externalImports(metafile: Metafile | undefined): string[] {
  if (!metafile) throw new Error('esbuild returned no metafile');
  const names = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) names.add(imported.path);
  }
  return [...names].sort();
}

function isBuiltin(name: string): boolean {
  return name.startsWith('node:') || builtinModules.includes(name);
}

/** The package a bare import names: 'zod/v4' -> 'zod', '@scope/pkg/x' -> '@scope/pkg'. */
function packageOf(name: string): string {
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? name);
}

export async function buildElectron(options: ElectronBuildOptions): Promise<ElectronBuildResult> {
  const { root } = options;
  const outDir = options.outDir ?? join(root, 'dist', 'electron');
  const mainEntry = options.mainEntry ?? join(root, 'electron', 'main.ts');
  const preloadEntry = options.preloadEntry ?? join(root, 'electron', 'preload.ts');
  const dependencies = productionDependencies(root);
  const external = dependencies.filter((name) => requirable(root, name));
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  };

  const main = join(outDir, 'main.cjs');
  const preload = join(outDir, 'preload.cjs');
  const [mainBuild, preloadBuild] = await Promise.all([
    build({
      ...common,
      entryPoints: [mainEntry],
      outfile: main,
      target: mainTarget,
      // Each dependency's subpaths too ('zod/v4'): required from the package's node_modules.
      external: ['electron', ...external.flatMap((name) => [name, `${name}/*`])],
    }),
    build({ ...common, entryPoints: [preloadEntry], outfile: preload, target: preloadTarget, external: ['electron'] }),
  ]);

  const mainExternals = externalImports(mainBuild.metafile);
  const unshipped = mainExternals.filter(
    (name) => name !== 'electron' && !isBuiltin(name) && !dependencies.includes(packageOf(name)),
  );
  if (unshipped.length > 0) {
    throw new Error(`dist/electron/main.cjs would require ${unshipped.join(', ')}, which the package does not ship.`);
  }
  const preloadExternals = externalImports(preloadBuild.metafile).filter((name) => name !== 'electron');
  if (preloadExternals.length > 0) {
    throw new Error(
      `The preload would require ${preloadExternals.join(', ')}: a sandboxed preload can require only 'electron'. ` +
        'Bundle it in, or move it to the main process behind the contract.',
    );
  }
  return { main, preload, mainExternals };
}

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..', '..');
  const started = performance.now();
  const result = await buildElectron({ root });
  const ms = Math.round(performance.now() - started);
  console.log(`Built ${relative(root, result.main)} and ${relative(root, result.preload)} in ${ms} ms.`);
}

runAsScript(import.meta.url, main);
