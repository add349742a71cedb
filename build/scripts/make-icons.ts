/**
 * `npm run icons`: renders every icon from its source (build/icons/tray-icon-svg.ts) to the PNGs that are
 * committed: build/tray/<state>-<level>[Template][@2x].png for the tray and build/icon.png for the app (from which
 * electron-builder makes the platform icons). A tray PNG no source makes any more is removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { iconFiles, renderPng, TRAY_FOLDER } from '../icons/icon-files';

/** build/, beside this script's folder. */
export const buildDirectory = join(import.meta.dirname, '..');

export interface MadeIcons {
  written: { path: string; bytes: number }[];
  removed: string[];
}

export function makeIcons(directory: string = buildDirectory): MadeIcons {
  const written: MadeIcons['written'] = [];
  for (const file of iconFiles()) {
    const target = join(directory, file.path);
    mkdirSync(dirname(target), { recursive: true });
    const png = renderPng(file);
    writeFileSync(target, png);
    written.push({ path: file.path, bytes: png.length });
  }
  const expected = new Set(written.map(({ path }) => path));
  const removed = readdirSync(join(directory, TRAY_FOLDER))
    .map((name) => `${TRAY_FOLDER}/${name}`)
    .filter((path) => path.endsWith('.png') && !expected.has(path));
  for (const path of removed) rmSync(join(directory, path));
  return { written, removed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { written, removed } = makeIcons();
  for (const { path, bytes } of written) console.log(`wrote build/${path} (${bytes} bytes)`);
  for (const path of removed) console.log(`removed build/${path}`);
  console.log(`icons: ${written.length} written, ${removed.length} removed`);
}
