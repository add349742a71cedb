import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import { ConfSettingsStore, type SettingsFileOptions } from '../../electron/service/settings-store';
import { VirtualClock } from '../support/virtual-clock';

/**
 * electron-store cannot load outside Electron, so the shell's store is ConfSettingsStore opening its file through
 * `open`. This stand-in does what electron-store does with the options it is given: it is conf, with `name`
 * renamed to conf's configName.
 */
class ElectronStoreLookalike extends Conf<Record<string, unknown>> {
  constructor({ name, ...options }: SettingsFileOptions) {
    super({ ...options, configName: name });
  }
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'headroom-settings-open-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const saved: Settings = { ...defaultSettings, throttle: { ...defaultSettings.throttle, slowAtPercent: 80 } };

function storeOpeningWith(opened: SettingsFileOptions[]) {
  return new ConfSettingsStore({
    directory,
    clock: new VirtualClock(),
    open: (options) => {
      opened.push(options);
      return new ElectronStoreLookalike(options);
    },
  });
}

describe('the settings store’s file, opened by the shell', () => {
  it('is opened with the folder, the name and the options the store relies on', () => {
    const opened: SettingsFileOptions[] = [];
    storeOpeningWith(opened).save(saved);
    expect(opened).toEqual([
      { cwd: directory, name: 'settings', accessPropertiesByDotNotation: false, clearInvalidConfig: false },
    ]);
  });

  it('is the same file plain conf reads, with the same validation and migrations', () => {
    const opened: SettingsFileOptions[] = [];
    expect(storeOpeningWith(opened).save(saved)).toEqual({ ok: true, value: saved });
    expect(new ConfSettingsStore({ directory }).load()).toEqual({ settings: saved });
    expect(storeOpeningWith(opened).load()).toEqual({ settings: saved });
    expect(storeOpeningWith(opened).save({ ...saved, version: 7 } as unknown as Settings).ok).toBe(false);
  });

  it('is set aside when damaged, and told, through the opener too', () => {
    writeFileSync(join(directory, 'settings.json'), '{"version": 2, ');
    const { settings, problem } = storeOpeningWith([]).load();
    expect(settings).toEqual(defaultSettings);
    expect(problem).toMatch(/damaged .* kept as settings\.json\.set-aside-/);
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^settings\.json\.set-aside-/)]);
  });
});
