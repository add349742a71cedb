import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLaunchToken, newLaunchToken } from '../../electron/headless/launch-token';
import { defaultTokenDirectory, keepTokenFile } from '../../electron/headless/token-file';
import { startHostServer } from '../../electron/headless/host-server';
import { FakeHeadroom } from './fake-headroom';
import { startFixture, testToken } from './host-fixture';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function aTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-token-'));
  dirs.push(dir);
  return dir;
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('the launch token', () => {
  it('is new each launch, and fit for a header and an attribute as it is', () => {
    const tokens = new Set(Array.from({ length: 50 }, newLaunchToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches only itself, whatever the length of the guess', () => {
    const token = newLaunchToken();
    expect(isLaunchToken(token, token)).toBe(true);
    for (const guess of [undefined, '', token.slice(0, -1), `${token}x`, token.toUpperCase(), newLaunchToken()]) {
      expect(isLaunchToken(guess, token), String(guess)).toBe(false);
    }
  });
});

describe('the token file', () => {
  it('lies in the user’s runtime or configuration directory, per platform', () => {
    const home = '/home/ada';
    expect(defaultTokenDirectory('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }, home)).toBe('/run/user/1000/headroom');
    expect(defaultTokenDirectory('linux', {}, home)).toBe('/home/ada/.config/headroom');
    expect(defaultTokenDirectory('linux', { XDG_CONFIG_HOME: '/cfg' }, home)).toBe('/cfg/headroom');
    expect(defaultTokenDirectory('darwin', { XDG_RUNTIME_DIR: '/tmp/x' }, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Headroom',
    );
    expect(defaultTokenDirectory('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Headroom',
    );
  });

  it('is written readable by its owner only, in a directory only its owner may enter, and removed', async () => {
    const directory = join(await aTempDir(), 'headroom');
    const file = await keepTokenFile('tok-1', 4867, directory);
    expect(file.path).toBe(join(directory, 'token-4867'));
    expect(await readFile(file.path, 'utf8')).toBe('tok-1');
    expect(await modeOf(file.path)).toBe(0o600);
    expect(await modeOf(directory)).toBe(0o700);
    await file.remove();
    await expect(stat(file.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tightens a directory it finds open, replaces an old file, and leaves a later launch’s file in place', async () => {
    const directory = join(await aTempDir(), 'headroom');
    await mkdir(directory, { mode: 0o755 });
    await writeFile(join(directory, 'token-4867'), 'stale', { mode: 0o644 });
    const first = await keepTokenFile('tok-1', 4867, directory);
    expect(await modeOf(directory)).toBe(0o700);
    expect(await modeOf(first.path)).toBe(0o600);
    const second = await keepTokenFile('tok-2', 4867, directory);
    await first.remove();
    expect(await readFile(second.path, 'utf8')).toBe('tok-2');
    await second.remove();
    await second.remove();
  });

  it('is one per host, named by its port: a second host neither replaces nor removes the first one’s', async () => {
    const directory = join(await aTempDir(), 'headroom');
    const first = await keepTokenFile('tok-1', 4867, directory);
    const second = await keepTokenFile('tok-2', 4900, directory);
    expect(second.path).toBe(join(directory, 'token-4900'));
    await second.remove();
    expect(await readFile(first.path, 'utf8')).toBe('tok-1');
    await first.remove();
    expect(await readdir(directory)).toEqual([]);
  });

  it('says in words, naming the folder, when a file stands where its folder should be', async () => {
    const directory = join(await aTempDir(), 'headroom');
    await writeFile(directory, 'not a folder');
    await expect(keepTokenFile('tok-1', 4867, directory)).rejects.toMatchObject({
      name: 'TokenFileError',
      userMessage: `Headroom could not write its token file in ${directory} (EEXIST): that path must be a folder this user may write, or nothing. Move what is there, or (on Linux) point XDG_RUNTIME_DIR at another folder.`,
    });
  });

  it('is kept by the host while it runs and removed when it closes', async () => {
    const fixture = await startFixture();
    const path = fixture.host.tokenPath;
    expect(path).toBe(join(fixture.dir, 'run', 'headroom', `token-${fixture.host.port}`));
    expect(await readFile(path, 'utf8')).toBe(testToken);
    expect(await modeOf(path)).toBe(0o600);
    await fixture.close();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the host server’s start and stop', () => {
  it('says in words when its port is taken, and leaves no token file behind', async () => {
    const fixture = await startFixture();
    const tokenDirectory = await aTempDir();
    try {
      const starting = startHostServer({
        handlers: fixture.fake,
        events: fixture.fake,
        rendererDir: fixture.dir,
        port: fixture.host.port,
        token: testToken,
        tokenDirectory,
      });
      await expect(starting).rejects.toThrow(
        `Port ${fixture.host.port} on 127.0.0.1 is already taken by another program: choose another with --port.`,
      );
      expect(await readdir(tokenDirectory)).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('listens on 127.0.0.1 at the address it reports, and closes once however often it is asked', async () => {
    const fake = new FakeHeadroom();
    const host = await startHostServer({
      handlers: fake,
      events: fake,
      rendererDir: await aTempDir(),
      port: 0,
      token: testToken,
      tokenDirectory: await aTempDir(),
    });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.port).toBeGreaterThan(0);
    await Promise.all([host.close(), host.close()]);
    await expect(fetch(host.url)).rejects.toThrow();
  });
});
