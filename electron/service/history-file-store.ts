import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { systemClock, type Clock } from '../core/clock';
import { HistorySnapshotError, readHistorySnapshot, type HistorySnapshot } from '../core/usage/history-snapshot';
import type { HistoryStore } from '../core/usage/history-store';
import { UserFacingError } from '../core/user-facing-error';
import { codeOf, removeTempsLeftByACrash, setFileAside, writeFileAtomically } from './atomic-file';

/** The history file could not be read or written; `userMessage` says what happened and what was done about it. */
export class HistoryFileError extends UserFacingError {
  override readonly name = 'HistoryFileError';

  constructor(
    userMessage: string,
    /** Where a damaged file was moved to, if it was. */
    readonly setAsidePath?: string,
  ) {
    super(userMessage);
  }
}

/**
 * The hourly history as one JSON file, kept as atomic-file.ts keeps a file: whole or not at all, owner-only, a temp
 * file a crash left removed before it is read. A file that cannot be read as history (damaged, or unreadable:
 * permissions) is set aside, not deleted and not fatal, so the next save starts it afresh; if it cannot even be
 * moved, nothing is saved over it.
 */
export class FileHistoryStore implements HistoryStore {
  /** Set when a file that could not be used could not be moved out of the way either: saving would destroy it. */
  #keepOff: string | undefined;

  constructor(
    readonly path: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async load(): Promise<HistorySnapshot | undefined> {
    removeTempsLeftByACrash(this.path);
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
    try {
      writeFileAtomically(this.path, JSON.stringify(snapshot));
    } catch (error) {
      throw new HistoryFileError(`Could not save the usage history to ${this.path} (${codeOf(error)}).`);
    }
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
}
