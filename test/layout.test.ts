import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Importing 'electron' in plain Node throws where the Electron binary is missing (tests, the headless host), so
 * only the shell and the two Electron entry files may do it.
 */
const root = join(import.meta.dirname, '..');
const mayImportElectron = [/^electron\/shell\//, /^electron\/main\.ts$/, /^electron\/preload\.ts$/];
const importsElectron =
  /(?:\bfrom\s*['"]electron['"]|\brequire\(\s*['"]electron['"]\s*\)|\bimport\(\s*['"]electron['"]\s*\)|^\s*import\s+['"]electron['"])/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(m|c)?tsx?$/.test(entry.name) ? [path] : [];
  });
}

function filesImportingElectronOutsideTheShell(): string[] {
  return ['electron', 'renderer']
    .flatMap((dir) => sourceFiles(join(root, dir)))
    .map((file) => relative(root, file).split(sep).join('/'))
    .filter((file) => !mayImportElectron.some((allowed) => allowed.test(file)))
    .filter((file) => importsElectron.test(readFileSync(join(root, file), 'utf8')));
}

describe('the layout rule', () => {
  it('recognises every way a file can import electron', () => {
    const ways = [
      "import { app } from 'electron';",
      'import type { BrowserWindow } from "electron";',
      "const { app } = require('electron');",
      "const electron = await import('electron');",
      "import 'electron';",
      "export { ipcMain } from 'electron';",
    ];
    expect(ways.filter((source) => !importsElectron.test(source))).toEqual([]);
    expect(importsElectron.test("import { x } from './electron-free';")).toBe(false);
    expect(importsElectron.test("import { y } from 'electron-store';")).toBe(false);
  });

  it('keeps every import of electron inside electron/shell/, main.ts and preload.ts', () => {
    expect(filesImportingElectronOutsideTheShell()).toEqual([]);
  });
});
