/**
 * The log file: what Headroom did, one line per event (the ISO time, then the event in words), so "what happened
 * at 3 a.m." has an answer. Never a secret: events carry none, and the secrets in force are masked should one
 * ever slip into an event's words.
 *
 * For the README:
 * Headroom writes what it does (starts and stops, each throttle change and why, connection changes, Autotask's
 * refusals and their Retry-After, which settings changed) to `headroom.log` in its data folder, never a secret.
 * The tray app's data folder is `%APPDATA%\Headroom` on Windows, `~/Library/Application Support/Headroom` on
 * macOS and `~/.config/Headroom` on Linux; `headroom serve` uses `%APPDATA%\Headroom`,
 * `~/Library/Application Support/Headroom` or `~/.local/share/headroom` (or `HEADROOM_DATA_DIR`). At 1 MiB the
 * log moves to `headroom.log.1`, and the three latest are kept (`.1` to `.3`). `headroom gateway` logs to its
 * standard output only.
 *
 * Written synchronously: a handful of lines an hour, in order, and none lost when the process exits right after.
 * A failed write never stops the app: the first one is told (to stderr by default) and the next lines are tried.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock';

export const LOG_FILE_NAME = 'headroom.log';
const defaultMaxBytes = 1024 * 1024;
const defaultFilesKept = 3;
/** Shorter strings are no secret worth masking, and masking them would garble ordinary words. */
const shortestMasked = 4;

export interface LogFileOptions {
  file: string;
  clock: Clock;
  /** The size at which the log moves to `.1`; 1 MiB by default. */
  maxBytes?: number;
  /** How many moved-aside logs are kept (`.1` newest); 3 by default. */
  filesKept?: number;
  /** The secrets in force (the API secret): masked as "[secret]" wherever an event's words hold one. */
  secrets?: () => ReadonlyArray<string | undefined>;
  /** Told of the first write that failed; to stderr by default. */
  onFailure?: (message: string) => void;
}

export class LogFile {
  readonly #options: LogFileOptions;
  readonly #maxBytes: number;
  readonly #filesKept: number;
  /** The file's size as last known; read again after a failure, since the file may have changed under us. */
  #size: number | undefined;
  #failureTold = false;

  constructor(options: LogFileOptions) {
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? defaultMaxBytes;
    this.#filesKept = options.filesKept ?? defaultFilesKept;
  }

  get file(): string {
    return this.#options.file;
  }

  /** Appends one line; never throws. */
  write(event: string): void {
    const at = new Date(this.#options.clock.now()).toISOString();
    const line = `${at} ${this.#masked(event.replace(/[\r\n]+/g, ' '))}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      this.#size ??= sizeOf(this.file);
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) {
        this.#rotate();
        this.#size = 0;
      }
      appendFileSync(this.file, line);
      this.#size += bytes;
    } catch (error) {
      this.#size = undefined;
      this.#toldOfFailure(error);
    }
  }

  #rotate(): void {
    const file = this.file;
    for (let index = this.#filesKept - 1; index >= 1; index--) moveIfThere(`${file}.${index}`, `${file}.${index + 1}`);
    moveIfThere(file, `${file}.1`);
  }

  #masked(words: string): string {
    let masked = words;
    for (const secret of this.#options.secrets?.() ?? []) {
      if (secret !== undefined && secret.length >= shortestMasked) masked = masked.split(secret).join('[secret]');
    }
    return masked;
  }

  #toldOfFailure(error: unknown): void {
    if (this.#failureTold) return;
    this.#failureTold = true;
    const message =
      `Headroom could not write its log ${this.file} (${error instanceof Error ? error.message : String(error)}); ` +
      'it goes on without it.';
    (this.#options.onFailure ?? ((text: string) => console.error(text)))(message);
  }
}

/** The size of the file, 0 when there is none yet (its folder made if need be). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    return 0;
  }
}

function moveIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
