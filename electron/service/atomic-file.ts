/**
 * How Headroom keeps a file of its own on disk (the settings, the secret, the usage history), in one place so the
 * three keep it the same way:
 * - A write never leaves a half-written file in its place: it goes to a temp file beside it (<name>.<pid>-<n>.tmp),
 *   flushed to disk, then renamed over the old one; a crash leaves the old file or the new one, and a temp file.
 * - A temp file is only ever complete once renamed, so any still lying about is a write that never finished:
 *   removeTempsLeftByACrash clears them before the file is read.
 * - A file that cannot be used is moved out of the way, never deleted (it may yet be recovered): renamed beside
 *   itself as <name>.set-aside-<time>, or <name>.set-aside-<time>-2 and on when that is taken.
 * - The files hold API user names, integration codes or the secret: each is written readable by its owner only
 *   (0600), in a folder only its owner can open (0700).
 * Synchronous: the files are a few kilobytes, written seconds apart at most.
 */
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';
let temps = 0;

/** Writes `text` to `path` whole or not at all; throws what the file system throws, the old file then untouched. */
export function writeFileAtomically(path: string, text: string): void {
  const directory = dirname(path);
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  // mkdir leaves a folder that was there already as it was found.
  fs.chmodSync(directory, 0o700);
  const temp = `${path}.${process.pid}-${++temps}${TEMP_SUFFIX}`;
  try {
    // 'wx': a new file, so the 0600 mode applies; renamed over the old file, it replaces its mode too.
    const handle = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(handle, text);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temp, path);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(directory);
}

/** Removes the temp files of writes to `path` that never finished. Never throws: tidying is best effort. */
export function removeTempsLeftByACrash(path: string): void {
  const prefix = `${basename(path)}.`;
  try {
    for (const name of fs.readdirSync(dirname(path))) {
      if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)) fs.rmSync(join(dirname(path), name), { force: true });
    }
  } catch {
    // No folder yet, or not readable: nothing to tidy, and reading the file says what matters.
  }
}

/** Moves `path` aside (see above) and answers the new path; throws what the rename throws, the file then in place. */
export function setFileAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let aside = `${path}.set-aside-${stamp}`;
  for (let copy = 2; fs.existsSync(aside); copy++) aside = `${path}.set-aside-${stamp}-${copy}`;
  fs.renameSync(path, aside);
  return aside;
}

/** The error code a file system error carries, for messages that name the file and the code, never its contents. */
export function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
}

/** Makes the rename itself durable where the system allows it (not on Windows, where opening a folder fails). */
function syncDirectory(directory: string): void {
  try {
    const handle = fs.openSync(directory, 'r');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
  } catch {
    // Best effort only: the file itself is already complete on disk.
  }
}
