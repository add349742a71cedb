/**
 * Settings kept for one run only: demo mode's (pointed at the embedded simulator, with a short Wake Up grace, none
 * of which may end up in the user's settings file) and tests'. Checked on save like the file store.
 */
import type { Saved } from '../contract';
import type { Settings } from '../core/settings/settings';
import { validateSettings } from '../core/settings/validate';
import type { SettingsLoad, SettingsStore } from './settings-store';

export class MemorySettingsStore implements SettingsStore {
  #settings: Settings;

  constructor(settings: Settings) {
    this.#settings = settings;
  }

  load(): SettingsLoad {
    return { settings: this.#settings };
  }

  save(settings: Settings): Saved<Settings> {
    const checked = validateSettings(settings);
    if (!checked.ok) return { ok: false, problems: checked.problems };
    this.#settings = checked.value;
    return { ok: true, value: checked.value };
  }
}
