/**
 * `npm run package:dir`: the unpacked app for this platform (out/linux-unpacked on Linux), with no download.
 * electron-builder copies the Electron it packages from electronDist: the installed binary
 * (node_modules/electron/dist) where there is one. Where there is none (npm ran no install scripts: .npmrc), on
 * Linux it gets a stand-in: a directory shaped like Electron's for what electron-builder touches (the `electron`
 * executable it renames, `resources/` where app.asar goes, `LICENSE` it keeps as LICENSE.electron.txt), with a
 * placeholder executable. The app itself, resources/app.asar, is the real one either way.
 * Run after `npm run build` (the npm script does).
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runAsScript } from './run-as-script';

const placeholder = `#!/bin/sh
echo "This is not Electron: build/scripts/package-dir.ts put this stand-in here because no Electron binary was installed. resources/app.asar is the real app; package where Electron is installed (npm start fetches it) to run it." >&2
exit 1
`;

/** The directory electron-builder --dir writes for this platform and architecture. */
export function unpackedDirName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  if (platform === 'darwin') return arch === 'arm64' ? 'mac-arm64' : 'mac';
  const name = platform === 'win32' ? 'win' : 'linux';
  return arch === 'x64' ? `${name}-unpacked` : `${name}-${arch}-unpacked`;
}

/** Makes the stand-in Electron distribution; returns its directory. */
export function makeStandIn(root: string): string {
  const dir = join(root, 'out', '.electron-stand-in');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), placeholder);
  chmodSync(join(dir, 'electron'), 0o755);
  copyFileSync(join(root, 'node_modules', 'electron', 'LICENSE'), join(dir, 'LICENSE'));
  return dir;
}

function runElectronBuilder(root: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export interface PackagedDir {
  exitCode: number;
  /** Whether the app got the stand-in executable. */
  standIn: boolean;
  /** out/linux-unpacked and the like. */
  unpacked: string;
  /** Where app.asar and the extra resources are. */
  resources: string;
}

export async function packageDir(root: string): Promise<PackagedDir> {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  };
  const installed = join(root, 'node_modules', 'electron', 'dist');
  const standIn = !existsSync(installed);
  if (standIn && process.platform !== 'linux') {
    throw new Error(
      'No Electron binary here (node_modules/electron/dist is missing), and the stand-in is made for Linux only: ' +
        'fetch the binary first with `node node_modules/electron/install.js` (needs the network).',
    );
  }
  const electronDist = standIn ? makeStandIn(root) : installed;
  const exitCode = await runElectronBuilder(root, [
    '--dir',
    `-c.electronDist=${electronDist}`,
    // The installed package's version (the binary may be absent): electron-builder needs no download to know it.
    `-c.electronVersion=${version}`,
  ]);
  const unpacked = join(root, 'out', unpackedDirName());
  const resources =
    process.platform === 'darwin'
      ? join(unpacked, 'Headroom.app', 'Contents', 'Resources')
      : join(unpacked, 'resources');
  return { exitCode, standIn, unpacked, resources };
}

async function main(): Promise<number> {
  const root = join(import.meta.dirname, '..', '..');
  const started = performance.now();
  const { exitCode, standIn, unpacked } = await packageDir(root);
  if (exitCode !== 0) return exitCode;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const where = relative(root, unpacked);
  console.log(
    standIn
      ? `No Electron binary here: the unpacked app in ${where} has a stand-in executable; its resources/app.asar is the real app.`
      : `The unpacked app is in ${where} (${seconds} s).`,
  );
  return 0;
}

runAsScript(import.meta.url, main);
