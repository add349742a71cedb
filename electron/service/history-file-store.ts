import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemClock, type Clock } from '../core/clock';
import { HistorySnapshotError, readHistorySnapshot, type HistorySnapshot } from '../core/usage/history-snapshot';
import type { HistoryStore } from '../core/usage/history-store';
import { setFileAside } from './set-aside-file';

/** The history file could not be read or written; `userMessage` says what happened and what was done about it. */
export class HistoryFileError extends Error {
  override readonly name = 'HistoryFileError';

  constructor(
    readonly userMessage: string,
    /** Where a damaged file was moved to, if it was. */
    readonly setAsidePath?: string,
  ) {
    super(userMessage);
  }
}

/**
 * The hourly history as one JSON file. A save never leaves a half-written file in its place: it writes a temp file
 * beside it, flushes it to disk, then renames it over the old one. A file that cannot be read as history (damaged,
 * or unreadable: permissions) is set aside (renamed *.set-aside-<time>), not deleted and not fatal, so the next save
 * starts it afresh; if it cannot even be moved, nothing is saved over it. The file holds API user names and
 * integration codes: it is written readable by its owner only (0600), in a folder only its owner can open (0700).
 */
export class FileHistoryStore implements HistoryStore {
  #temps = 0;
  /** Set when a file that could not be used could not be moved out of the way either: saving would destroy it. */
  #keepOff: string | undefined;

  constructor(
    readonly path: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async load(): Promise<HistorySnapshot | undefined> {
    await this.#removeTempsLeftByACrash();
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw this.#setAside(`The usage history at ${this.path} could not be read (${codeOf(error)})`, '');
    }
    try {
      return readHistorySnapshot(JSON.parse(text));
    } catch (error) {
      const reason = error instanceof HistorySnapshotError ? error.userMessage : 'The file is not valid JSON.';
      throw this.#setAside(`The usage history at ${this.path} was damaged`, ` ${reason}`);
    }
  }

  async save(snapshot: HistorySnapshot): Promise<void> {
    if (this.#keepOff !== undefined) throw new HistoryFileError(this.#keepOff);
    const text = JSON.stringify(snapshot);
    const directory = dirname(this.path);
    const temp = `${this.path}.${process.pid}-${++this.#temps}.tmp`;
    try {
      await fs.mkdir(directory, { recursive: true, mode: 0o700 });
      // mkdir leaves a folder that was there already as it was found.
      await fs.chmod(directory, 0o700);
      // 'wx': a new file, so the 0600 mode applies; renamed over the old file, it replaces its mode too.
      const file = await fs.open(temp, 'wx', 0o600);
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await fs.rename(temp, this.path);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw new HistoryFileError(`Could not save the usage history to ${this.path} (${codeOf(error)}).`);
    }
    await syncDirectory(directory);
  }

  /** The error load() answers with: the file moved aside and a new history begun, or, if it cannot move, kept off. */
  #setAside(what: string, reason: string): HistoryFileError {
    try {
      const setAsidePath = setFileAside(this.path, this.clock.now());
      return new HistoryFileError(
        `${what} and has been set aside as ${basename(setAsidePath)}; a new history was started.${reason}`,
        setAsidePath,
      );
    } catch (error) {
      this.#keepOff =
        `${what} and could not be moved aside (${codeOf(error)}), so the usage history is not saved over it: move ` +
        'or repair it, then restart Headroom.';
      return new HistoryFileError(`${this.#keepOff}${reason}`);
    }
  }

  /** A temp file is only ever complete once renamed: any still lying about is a write that never finished. */
  async #removeTempsLeftByACrash(): Promise<void> {
    const prefix = `${basename(this.path)}.`;
    const names = await fs.readdir(dirname(this.path)).catch(() => []);
    const temps = names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
    await Promise.all(temps.map((name) => fs.rm(join(dirname(this.path), name), { force: true })));
  }
}

/** Makes the rename itself durable where the system allows it (not on Windows, where opening a folder fails). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only: the file itself is already complete on disk.
  }
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
}
