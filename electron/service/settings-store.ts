/**
 * Where the settings live between runs. Nothing invalid is ever written, and a file that cannot be used is never
 * lost: it is set aside beside the settings file, Headroom starts from the defaults, and the user is told.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Saved } from '../contract';
import { systemClock, type Clock } from '../core/clock';
import { migrateSettings, SettingsFileError } from '../core/settings/migrate';
import type { SettingsProblem } from '../core/settings/problems';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { validateSettings } from '../core/settings/validate';
import { codeOf, removeTempsLeftByACrash, setFileAside, writeFileAtomically } from './atomic-file';

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

export interface FileSettingsStoreOptions {
  /** The folder the settings file is kept in (the app's user-data folder). */
  directory: string;
  /** Default "settings", for settings.json. */
  name?: string;
  /** Stamps the name a set-aside file is given. */
  clock?: Clock;
}

/**
 * The settings as one JSON file, kept as atomic-file.ts keeps a file (the headless host and the tray app read it
 * the same way); validation and migrations are Headroom's own, so every problem is told in the settings' own words.
 */
export class FileSettingsStore implements SettingsStore {
  readonly path: string;
  readonly #clock: Clock;
  /** Set when an unusable file could not be moved out of the way: saving would destroy it. */
  #keepOff: string | undefined;

  constructor(options: FileSettingsStoreOptions) {
    this.#clock = options.clock ?? systemClock;
    this.path = join(options.directory, `${options.name ?? 'settings'}.json`);
  }

  load(): SettingsLoad {
    removeTempsLeftByACrash(this.path);
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return { settings: defaultSettings };
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
      // Tab-indented, as the file has always been written: a person may open it.
      writeFileAtomically(this.path, JSON.stringify(checked.value, undefined, '\t'));
    } catch (error) {
      return refusedWith(`The settings could not be saved to ${this.path} (${codeOf(error)}).`);
    }
    return checked;
  }

  #startAfresh(why: string): SettingsLoad {
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
