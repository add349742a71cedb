/**
 * Where the settings live between runs. Nothing invalid is ever written, and a file that cannot be used is never
 * lost: it is set aside beside the settings file, Headroom starts from the defaults, and the user is told.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import Conf from 'conf';
import type { Saved } from '../contract';
import { systemClock, type Clock } from '../core/clock';
import { migrateSettings, SettingsFileError } from '../core/settings/migrate';
import type { SettingsProblem } from '../core/settings/problems';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { validateSettings } from '../core/settings/validate';
import { setFileAside } from './set-aside-file';

export interface SettingsLoad {
  settings: Settings;
  /** The saved settings could not be used: what happened and what was done, in words fit to show as is. */
  problem?: string;
}

export interface SettingsStore {
  /** The saved settings, carried forward to the current version; the defaults when there are none or they are unusable. */
  load(): SettingsLoad;
  /** Validates, then writes; refused settings leave the saved ones as they were. */
  save(settings: Settings): Saved<Settings>;
}

export interface ConfSettingsStoreOptions {
  /** The folder the settings file is kept in (the app's user-data folder). */
  directory: string;
  /** Default "settings", for settings.json. */
  name?: string;
  /** Stamps the name a set-aside file is given. */
  clock?: Clock;
  /**
   * Opens the settings file: plain conf by default; the Electron shell passes electron-store (conf's subclass),
   * which cannot be loaded outside Electron, so the store's own logic stays here and is tested in plain Node.
   */
  open?: OpenSettingsFile;
}

/** What the store asks of the file it opens, in the names electron-store takes (conf calls `name` configName). */
export interface SettingsFileOptions {
  cwd: string;
  name: string;
  /** Settings keys are read whole; a dot in one is not a path. */
  accessPropertiesByDotNotation: false;
  /** An unusable file must reach load() as an error, to be set aside and told, not be wiped silently. */
  clearInvalidConfig: false;
}

export type OpenSettingsFile = (options: SettingsFileOptions) => Conf<Record<string, unknown>>;

const openWithConf: OpenSettingsFile = ({ name, ...options }) => new Conf({ ...options, configName: name });

/**
 * The settings as one JSON file through `conf` (electron-store's own base, so the Electron shell and the headless
 * host read the same file the same way). conf writes atomically; validation and migrations are Headroom's own,
 * so every problem is told in the settings' own words.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;
  readonly #directory: string;
  readonly #name: string;
  readonly #clock: Clock;
  readonly #open: OpenSettingsFile;
  #conf: Conf<Record<string, unknown>> | undefined;
  /** Set when an unusable file could not be moved out of the way: saving would destroy it. */
  #keepOff: string | undefined;

  constructor(options: ConfSettingsStoreOptions) {
    this.#directory = options.directory;
    this.#name = options.name ?? 'settings';
    this.#clock = options.clock ?? systemClock;
    this.#open = options.open ?? openWithConf;
    this.path = join(options.directory, `${this.#name}.json`);
  }

  load(): SettingsLoad {
    if (!existsSync(this.path)) return { settings: defaultSettings };
    let saved: unknown;
    try {
      saved = this.#file().store;
    } catch (error) {
      return this.#startAfresh(couldNotRead(error));
    }
    try {
      // Carried forward in memory only: the file is rewritten in the current version by the next save.
      return { settings: migrateSettings(saved) };
    } catch (error) {
      if (error instanceof SettingsFileError) return this.#startAfresh(error.userMessage);
      throw error;
    }
  }

  save(settings: Settings): Saved<Settings> {
    const checked = validateSettings(settings);
    if (!checked.ok) return checked;
    if (this.#keepOff !== undefined) return refusedWith(this.#keepOff);
    try {
      this.#file().store = structuredClone(checked.value) as unknown as Record<string, unknown>;
    } catch (error) {
      return refusedWith(`The settings could not be saved to ${this.path} (${codeOf(error)}).`);
    }
    return checked;
  }

  /** Opened on first use: conf reads the file as it opens, and an unusable one must be set aside first. */
  #file(): Conf<Record<string, unknown>> {
    this.#conf ??= this.#open({
      cwd: this.#directory,
      name: this.#name,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    return this.#conf;
  }

  #startAfresh(why: string): SettingsLoad {
    this.#conf = undefined;
    try {
      const aside = setFileAside(this.path, this.#clock.now());
      return { settings: defaultSettings, problem: `${why} The old settings file was kept as ${basename(aside)}.` };
    } catch (error) {
      this.#keepOff =
        `The settings file ${this.path} could not be used or moved aside (${codeOf(error)}), so changes are not ` +
        'saved over it: move or repair it, then restart Headroom.';
      return { settings: defaultSettings, problem: `${why} ${this.#keepOff}` };
    }
  }
}

function couldNotRead(error: unknown): string {
  return error instanceof SyntaxError
    ? 'The saved settings file is damaged (it is not valid JSON), so Headroom starts with default settings.'
    : `The saved settings file could not be read (${codeOf(error)}), so Headroom starts with default settings.`;
}

function refusedWith(message: string): { ok: false; problems: SettingsProblem[] } {
  return { ok: false, problems: [{ field: '', message }] };
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
}
