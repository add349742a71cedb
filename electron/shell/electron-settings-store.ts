/**
 * The tray app's settings: FileSettingsStore (validation, migrations, a damaged file set aside and told), its file
 * settings.json in Electron's user-data folder, written as atomic-file.ts writes every file of Headroom's.
 */
import type { Clock } from '../core/clock';
import { FileSettingsStore } from '../service/settings-store';

/** `userData`: app.getPath('userData'), read by the caller once the app is ready. */
export function electronSettingsStore(userData: string, options: { clock?: Clock } = {}): FileSettingsStore {
  return new FileSettingsStore({ directory: userData, ...options });
}
