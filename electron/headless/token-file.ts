import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { UserFacingError } from '../core/user-facing-error';

/**
 * Where another program of the same user finds the headless host's per-launch token (the page served by the host
 * gets it in the page itself). The file is readable by its owner only and removed when the host stops. Each host
 * has its own, named by its UI port (`token-4867`), so a second host of the same user never takes the first one's
 * place: a tool that knows the address it calls knows which file to read.
 */
export interface TokenFile {
  readonly path: string;
  /** Removes the file, unless a later launch on the same port has written its own token there meanwhile. */
  remove(): Promise<void>;
}

/** The token file could not be written; `userMessage` names the folder and what to do about it. */
export class TokenFileError extends UserFacingError {
  override readonly name = 'TokenFileError';
}

/**
 * The per-user directory the token file goes in: $XDG_RUNTIME_DIR/headroom where there is one (a tmpfs cleared at
 * logout), else the user's configuration directory.
 */
export function defaultTokenDirectory(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return win32.join(env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'), 'Headroom');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Headroom');
  if (env['XDG_RUNTIME_DIR']) return posix.join(env['XDG_RUNTIME_DIR'], 'headroom');
  return posix.join(env['XDG_CONFIG_HOME'] || posix.join(home, '.config'), 'headroom');
}

/** The name of the token file of the host whose UI listens on `port`. */
export function tokenFileName(port: number): string {
  return `token-${port}`;
}

/**
 * Writes `token` to token-<port> in `directory` (mode 0600, the directory 0700) and returns how to remove it.
 * Throws a TokenFileError when the folder cannot be made or written (a file in its place, no permission).
 */
export async function keepTokenFile(
  token: string,
  port: number,
  directory: string = defaultTokenDirectory(),
): Promise<TokenFile> {
  const path = join(directory, tokenFileName(port));
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing directory as it was found.
    await chmod(directory, 0o700);
    // A file of an earlier launch, or a link planted in its place: gone, and 'wx' refuses to follow one made since.
    await rm(path, { force: true });
    await writeFile(path, token, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new TokenFileError(
      `Headroom could not write its token file in ${directory} (${(error as NodeJS.ErrnoException).code}): that ` +
        'path must be a folder this user may write, or nothing. Move what is there, or (on Linux) point ' +
        'XDG_RUNTIME_DIR at another folder.',
    );
  }
  return {
    path,
    async remove() {
      const kept = await readFile(path, 'utf8').catch(() => undefined);
      if (kept === token) await rm(path, { force: true });
    },
  };
}
