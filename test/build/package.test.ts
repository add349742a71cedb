import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PackagedDir } from '../../build/scripts/package-dir';
import { openAsar, unpackAsar, type Asar } from './asar';

/**
 * The packaged app, as `npm run package:dir` makes it (offline; with a stand-in executable where no Electron
 * binary is installed): its app.asar holds the bundles, the renderer and the production dependencies, and nothing
 * else. Slow (a build and electron-builder, in package-setup.ts), so it runs on its own after the unit tests:
 * `npm run test:package` (vitest.package.config.ts sets HEADROOM_PACKAGE_TEST); in a plain `vitest run` it is skipped.
 */
const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const productionDependencies = Object.keys(pkg.dependencies);

let asar: Asar;
let packaged: PackagedDir;
let mainExternals: string[];
let scratch: string | undefined;

describe.skipIf(process.env['HEADROOM_PACKAGE_TEST'] !== '1')('the packaged app (npm run test:package)', () => {
  beforeAll(() => {
    packaged = inject('packaged');
    mainExternals = inject('mainExternals');
    expect(packaged.exitCode).toBe(0);
    asar = openAsar(join(packaged.resources, 'app.asar'));
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is the app: both bundles, the renderer with every file its page loads, package.json', () => {
    for (const file of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
      expect(asar.files).toContain(file);
    }
    const page = asar.read('dist/renderer/index.html').toString('utf8');
    const loaded = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => `dist/renderer/${match[1]}`);
    expect(loaded.some((file) => file.endsWith('.js'))).toBe(true);
    expect(loaded.filter((file) => !asar.files.includes(file))).toEqual([]);

    const metadata = JSON.parse(asar.read('package.json').toString('utf8')) as Record<string, unknown>;
    expect(metadata['main']).toBe('dist/electron/main.cjs');
    expect(metadata['devDependencies']).toBeUndefined();
    expect(metadata['dependencies']).toEqual(pkg.dependencies);
  });

  it('holds every production dependency, and every package the main bundle requires', () => {
    expect(productionDependencies.sort()).toEqual(['prom-client', 'zod']);
    for (const name of productionDependencies) expect(asar.files).toContain(`node_modules/${name}/package.json`);

    // What esbuild left outside the bundle (its metafile), as packages: 'zod/v4' is zod.
    const packages = mainExternals
      .filter((name) => name !== 'electron' && !name.startsWith('node:') && !builtinModules.includes(name))
      .map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.filter((name) => !asar.files.includes(`node_modules/${name}/package.json`))).toEqual([]);
  });

  it('holds no tests, sources, source maps or development packages', () => {
    expect(asar.paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(asar.paths.filter((path) => /\.(ts|mts|cts|tsx)$/.test(path))).toEqual([]);
    expect(asar.paths.filter((path) => /(^|\/)(test|tests|__tests__|spec|specs)(\/|$)/.test(path))).toEqual([]);
    expect(asar.paths.filter((path) => /\.(test|spec)\.[cm]?js$/.test(path))).toEqual([]);
    const topLevel = new Set(asar.paths.map((path) => path.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(
      asar.paths.filter((path) => path.startsWith('dist/') && !/^dist\/(electron|renderer)(\/|$)/.test(path)),
    ).toEqual([]);
    const development = Object.keys(pkg.devDependencies).filter((name) => asar.paths.includes(`node_modules/${name}`));
    expect(development).toEqual([]);
  });

  it('loads its plain-Node dependencies from the packaged files alone', () => {
    // Each loads in plain Node from what the asar holds.
    scratch = mkdtempSync(join(tmpdir(), 'headroom-asar-'));
    unpackAsar(asar, scratch, (path) => path.startsWith('node_modules/'));
    for (const name of productionDependencies) {
      const output = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(name)}); console.log('ok')`], {
        cwd: scratch,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: '' },
      });
      expect(output.trim(), name).toBe('ok');
    }
  });

  it('ships the tray icons beside the asar', () => {
    expect(existsSync(join(packaged.resources, 'tray', 'normal-0.png'))).toBe(true);
  });

  it.runIf(process.platform === 'linux')('has a Linux executable, or a stand-in that says it is one', () => {
    const executable = readFileSync(join(packaged.unpacked, 'headroom'));
    if (packaged.standIn) expect(executable.toString('utf8')).toContain('This is not Electron');
    else expect(executable.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });
});
