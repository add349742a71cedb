/**
 * The tray app's settings: ConfSettingsStore (validation, migrations, a damaged file set aside and told) with
 * electron-store as its file. electron-store imports 'electron' as it loads, so it is imported here, in the shell,
 * and nothing a test loads imports this file: the seam it plugs into is tested in test/service with a fake.
 */
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { Clock } from '../core/clock';
import { ConfSettingsStore } from '../service/settings-store';

/** `userData`: app.getPath('userData'), read by the caller once the app is ready. */
export function electronSettingsStore(userData: string, options: { clock?: Clock } = {}): ConfSettingsStore {
  return new ConfSettingsStore({
    directory: userData,
    ...options,
    // An absolute cwd is used as is: the file is the one ConfSettingsStore names in its messages (store.path).
    open: (fileOptions) => {
      const store = new ElectronStore(fileOptions);
      // electron-store answers any page that asks for its folder and the app's version, outside the sender check
      // every Headroom channel has; the popover needs neither, so the channel is closed (it opens it only once).
      ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
      return store;
    },
  });
}

const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';
