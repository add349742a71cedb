/**
 * The tray app's settings: ConfSettingsStore (validation, migrations, a damaged file set aside and told), its file
 * settings.json in Electron's user-data folder, written as atomic-file.ts writes every file of Headroom's.
 */
import type { Clock } from '../core/clock';
import { ConfSettingsStore } from '../service/settings-store';

/** `userData`: app.getPath('userData'), read by the caller once the app is ready. */
export function electronSettingsStore(userData: string, options: { clock?: Clock } = {}): ConfSettingsStore {
  return new ConfSettingsStore({ directory: userData, ...options });
}
