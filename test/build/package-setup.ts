/**
 * The package stage's one build (vitest.package.config.ts runs it before its tests): the renderer, the Electron
 * bundles, and the unpacked app as `npm run package:dir` makes it. Both test files read what it made.
 */
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import type { TestProject } from 'vitest/node';
import { buildElectron } from '../../build/scripts/build-electron';
import { packageDir, type PackagedDir } from '../../build/scripts/package-dir';

declare module 'vitest' {
  export interface ProvidedContext {
    packaged: PackagedDir;
    /** What dist/electron/main.cjs requires at run time (esbuild's metafile). */
    mainExternals: string[];
  }
}

const root = join(import.meta.dirname, '..', '..');

export default async function buildAndPackage(project: TestProject): Promise<void> {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  const { mainExternals } = await buildElectron({ root });
  project.provide('mainExternals', mainExternals);
  project.provide('packaged', await packageDir(root));
}
