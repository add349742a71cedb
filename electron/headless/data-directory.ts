import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** Where the headless host keeps what outlives a run (the hourly history): the platform's place for app data. */
export function dataDirectory(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env['HEADROOM_DATA_DIR']) return env['HEADROOM_DATA_DIR'];
  if (platform === 'win32') return win32.join(env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'), 'Headroom');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Headroom');
  return posix.join(env['XDG_DATA_HOME'] || posix.join(home, '.local', 'share'), 'headroom');
}
