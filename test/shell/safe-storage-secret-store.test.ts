import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { SafeStorage } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SafeStorageSecretStore,
  type SafeStorageLike,
  type SafeStorageSecretStoreOptions,
} from '../../electron/shell/safe-storage-secret-store';
import { fakeSafeStorage } from '../support/electron-fakes/safe-storage';
import { VirtualClock } from '../support/virtual-clock';

// Compile-time only: main.ts passes Electron's safeStorage as it is.
export const safeStorageFits: (safeStorage: SafeStorage) => SafeStorageLike = (safeStorage) => safeStorage;

const secret = 'Zq9-hunter2-secret';

let directory: string;
let file: string;
let problems: string[];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'headroom-secret-'));
  file = join(directory, 'secret.bin');
  problems = [];
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const storeWith = (safeStorage: SafeStorageLike, more: Partial<SafeStorageSecretStoreOptions> = {}) =>
  new SafeStorageSecretStore({
    safeStorage,
    file,
    onProblem: (message) => problems.push(message),
    clock: new VirtualClock(),
    ...more,
  });

describe('the tray app’s secret store', () => {
  it('keeps nothing until given a secret', () => {
    const store = storeWith(fakeSafeStorage());
    expect([store.get(), store.keeping]).toEqual([undefined, 'none']);
    expect(problems).toEqual([]);
  });

  it('gives back in a later run the secret it stored, in the keychain', () => {
    storeWith(fakeSafeStorage()).set(secret);

    const later = storeWith(fakeSafeStorage());

    expect([later.get(), later.keeping]).toEqual([secret, 'keychain']);
    expect(problems).toEqual([]);
  });

  it('never writes the secret in clear when encryption is available', () => {
    storeWith(fakeSafeStorage()).set(secret);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  });

  it('writes the file for its owner only, and leaves no temp file behind', () => {
    storeWith(fakeSafeStorage()).set(secret);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(directory)).toEqual(['secret.bin']);
  });

  it('takes an empty secret as none, and clear() removes the file', () => {
    const store = storeWith(fakeSafeStorage());
    store.set(secret);
    store.set('');
    expect([store.get(), store.keeping]).toEqual([undefined, 'none']);
    store.set(secret);
    store.clear();
    expect(readdirSync(directory)).toEqual([]);
    expect(storeWith(fakeSafeStorage()).keeping).toBe('none');
  });

  it.each([
    ['gnome_libsecret', 'keychain'],
    ['kwallet6', 'keychain'],
    ['unknown', 'keychain'],
    ['basic_text', 'plain-text'],
  ])('says where it is kept on the %s backend: %s', (backend, keeping) => {
    const store = storeWith(fakeSafeStorage({ backend }));
    store.set(secret);
    expect(store.keeping).toBe(keeping);
    expect(storeWith(fakeSafeStorage({ backend })).keeping).toBe(keeping);
  });

  it('warns, in words and once, that a Linux without a keyring keeps it as good as plain text', () => {
    const store = storeWith(fakeSafeStorage({ backend: 'basic_text' }));
    store.set(secret);
    store.set(`${secret}-2`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/No system keyring was found .* without real encryption/);
    expect(problems[0]).not.toContain(secret);
  });

  it('still stores it where encryption is not available, and says so', () => {
    const store = storeWith(fakeSafeStorage({ available: false }));
    store.set(secret);

    expect(store.keeping).toBe('plain-text');
    expect(problems).toEqual([expect.stringMatching(/Encryption is not available .* stored unencrypted in /)]);
    const later = storeWith(fakeSafeStorage({ available: false }));
    expect([later.get(), later.keeping]).toEqual([secret, 'plain-text']);
  });

  it('sets aside a secret the keychain can no longer decrypt, starts without it, and says so', () => {
    storeWith(fakeSafeStorage({ key: 1 })).set(secret);

    const store = storeWith(fakeSafeStorage({ key: 2 }));

    expect([store.get(), store.keeping]).toEqual([undefined, 'none']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/could not be decrypted .* enter the secret again under Connection/);
    expect(problems[0]).toMatch(/kept as secret\.bin\.set-aside-/);
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^secret\.bin\.set-aside-/)]);
  });

  it('sets aside a damaged file instead of throwing at start', () => {
    writeFileSync(file, 'not json at all');
    expect(() => storeWith(fakeSafeStorage())).not.toThrow();
    expect(problems).toEqual([expect.stringMatching(/^The stored Autotask API secret is damaged, so Headroom starts/)]);
    expect(readdirSync(directory)).toEqual([expect.stringMatching(/^secret\.bin\.set-aside-/)]);
  });

  it('removes a temp file a crash left behind', () => {
    writeFileSync(join(directory, 'secret.bin.123-1.tmp'), 'half a write');
    storeWith(fakeSafeStorage());
    expect(readdirSync(directory)).toEqual([]);
  });

  it('keeps a secret it could not write for this run, and says so without the secret', () => {
    // A folder where the file should be: unreadable at start, and nothing can be renamed over it (root or not).
    mkdirSync(file);
    const store = storeWith(fakeSafeStorage());
    expect(problems).toEqual([expect.stringMatching(/could not be read from .*, so Headroom starts without it/)]);

    store.set(secret);

    expect([store.get(), store.keeping]).toEqual([secret, 'memory']);
    expect(problems[1]).toMatch(/could not be saved to .* \(E[A-Z]+\), so Headroom keeps it only until it quits/);
    expect(problems.join(' ')).not.toContain(secret);
    expect(readdirSync(directory)).toEqual(['secret.bin']);
  });

  it('does not show the secret when printed or serialised', () => {
    const store = storeWith(fakeSafeStorage());
    store.set(secret);
    expect(inspect(store, { showHidden: true, depth: 5 })).not.toContain(secret);
    expect(JSON.stringify(store)).not.toContain(secret);
    expect(String(store)).not.toContain(secret);
  });
});
