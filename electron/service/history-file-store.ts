import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemClock, type Clock } from '../core/clock';
import { HistorySnapshotError, readHistorySnapshot, type HistorySnapshot } from '../core/usage/history-snapshot';
import type { HistoryStore } from '../core/usage/history-store';

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
 * beside it, flushes it to disk, then renames it over the old one. A file that cannot be read as history is set
 * aside (renamed *.corrupt-<time>), not deleted and not fatal, so the next save starts it afresh.
 */
export class FileHistoryStore implements HistoryStore {
  #temps = 0;

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
      throw new HistoryFileError(`Could not read the usage history at ${this.path} (${codeOf(error)}).`);
    }
    try {
      return readHistorySnapshot(JSON.parse(text));
    } catch (error) {
      const reason = error instanceof HistorySnapshotError ? error.userMessage : 'The file is not valid JSON.';
      const setAsidePath = await this.#setAside();
      throw new HistoryFileError(
        `The usage history at ${this.path} was damaged and has been set aside as ${basename(setAsidePath)}; ` +
          `a new history was started. ${reason}`,
        setAsidePath,
      );
    }
  }

  async save(snapshot: HistorySnapshot): Promise<void> {
    const text = JSON.stringify(snapshot);
    const temp = `${this.path}.${process.pid}-${++this.#temps}.tmp`;
    try {
      await fs.mkdir(dirname(this.path), { recursive: true });
      const file = await fs.open(temp, 'w');
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
    await syncDirectory(dirname(this.path));
  }

  async #setAside(): Promise<string> {
    const stamp = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-');
    const aside = `${this.path}.corrupt-${stamp}`;
    await fs.rename(this.path, aside);
    return aside;
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
