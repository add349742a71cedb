/**
 * The tray app's API secret, kept in one file encrypted with Electron's safeStorage (the OS keychain's key). The
 * secret itself lives in private fields only, so util.inspect and JSON.stringify of the store never show it, and
 * no message here ever includes it: failures are told by file and error code.
 *
 * safeStorage is passed in, not imported, so this loads in plain Node and is tested with a fake. Use it once the
 * app is ready: safeStorage cannot decrypt before then.
 */
import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { SecretKeeping } from '../contract';
import { systemClock, type Clock } from '../core/clock';
import type { SecretStore } from '../service/secret-store';
import { codeOf, removeTempsLeftByACrash, setFileAside, writeFileAtomically } from '../service/atomic-file';

/** The part of Electron's safeStorage this uses (safeStorage itself fits). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' when there is no keyring and the "encryption" uses a key built into Chromium. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike;
  /** The file the secret is kept in, in the app's user-data folder. */
  file: string;
  /** Told, in words fit to show as is, when the secret could not be read back, saved or protected. */
  onProblem?(message: string): void;
  /** Stamps the name a set-aside file is given. */
  clock?: Clock;
}

/** What is written: how the secret was kept, so a file written without encryption is never "decrypted". */
interface SecretFile {
  format: 'headroom-secret';
  version: 1;
  kept: 'safe-storage' | 'unencrypted';
  /** Base64 of safeStorage's bytes, or of the secret's own UTF-8 when encryption was not available. */
  data: string;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly file: string;
  readonly #safeStorage: SafeStorageLike;
  readonly #onProblem: (message: string) => void;
  readonly #clock: Clock;
  #secret: string | undefined;
  #keeping: SecretKeeping = 'none';
  #warnedUnprotected = false;

  constructor(options: SafeStorageSecretStoreOptions) {
    this.file = options.file;
    this.#safeStorage = options.safeStorage;
    this.#onProblem = options.onProblem ?? (() => undefined);
    this.#clock = options.clock ?? systemClock;
    removeTempsLeftByACrash(this.file);
    this.#load();
  }

  get keeping(): SecretKeeping {
    return this.#secret === undefined ? 'none' : this.#keeping;
  }

  get(): string | undefined {
    return this.#secret;
  }

  set(secret: string): void {
    if (secret === '') {
      this.clear();
      return;
    }
    const { record, keeping, warning } = this.#protect(secret);
    this.#secret = secret;
    try {
      writeFileAtomically(this.file, JSON.stringify(record));
    } catch (error) {
      // Kept for this run rather than lost: 'memory' lets the UI say it will not survive a restart.
      this.#keeping = 'memory';
      this.#onProblem(
        `The Autotask API secret could not be saved to ${this.file} (${codeOf(error)}), so Headroom keeps it only ` +
          'until it quits.',
      );
      return;
    }
    this.#keeping = keeping;
    if (warning !== undefined && !this.#warnedUnprotected) {
      this.#warnedUnprotected = true;
      this.#onProblem(warning);
    }
  }

  clear(): void {
    this.#secret = undefined;
    this.#keeping = 'none';
    try {
      rmSync(this.file, { force: true });
    } catch (error) {
      this.#onProblem(
        `The stored Autotask API secret could not be removed from ${this.file} (${codeOf(error)}): delete that file ` +
          'by hand, or it comes back at the next start.',
      );
    }
  }

  /** Never throws: a secret that cannot be read back is told about, and Headroom starts without it. */
  #load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return;
      this.#onProblem(
        `The stored Autotask API secret could not be read from ${this.file} (${codeOf(error)}), so Headroom starts ` +
          'without it.',
      );
      return;
    }
    const record = secretFileIn(text);
    if (record === undefined) {
      this.#setAside('The stored Autotask API secret is damaged');
      return;
    }
    const bytes = Buffer.from(record.data, 'base64');
    if (record.kept === 'unencrypted') {
      this.#secret = bytes.toString('utf8') || undefined;
      this.#keeping = 'plain-text';
      return;
    }
    try {
      this.#secret = this.#safeStorage.decryptString(bytes) || undefined;
    } catch {
      // Whatever safeStorage said is left out: the words below are the ones a user can act on.
      this.#setAside(
        'The stored Autotask API secret could not be decrypted (the system keychain may have changed or be locked)',
      );
      return;
    }
    this.#keeping = this.#keyringMissing() ? 'plain-text' : 'keychain';
  }

  #protect(secret: string): { record: SecretFile; keeping: SecretKeeping; warning?: string } {
    let encrypted: Buffer | undefined;
    try {
      if (this.#safeStorage.isEncryptionAvailable()) encrypted = this.#safeStorage.encryptString(secret);
    } catch {
      encrypted = undefined;
    }
    if (encrypted === undefined) {
      // Still stored, as the design asks, and said so: the alternative is a secret typed in again at every start.
      return {
        record: secretFile('unencrypted', Buffer.from(secret, 'utf8')),
        keeping: 'plain-text',
        warning:
          `Encryption is not available on this system, so the Autotask API secret is stored unencrypted in ` +
          `${this.file}.`,
      };
    }
    if (!this.#keyringMissing()) return { record: secretFile('safe-storage', encrypted), keeping: 'keychain' };
    return {
      record: secretFile('safe-storage', encrypted),
      keeping: 'plain-text',
      warning:
        `No system keyring was found (such as GNOME Keyring or KWallet), so the Autotask API secret is stored in ` +
        `${this.file} without real encryption.`,
    };
  }

  /** Linux without a keyring: safeStorage "encrypts" with a key built into Chromium, as good as plain text. */
  #keyringMissing(): boolean {
    try {
      return this.#safeStorage.getSelectedStorageBackend?.() === 'basic_text';
    } catch {
      return false;
    }
  }

  /** Moved out of the way, never deleted (it may yet be recovered); Headroom starts without a secret. */
  #setAside(what: string): void {
    let aside: string;
    try {
      aside = setFileAside(this.file, this.#clock.now());
    } catch (error) {
      this.#onProblem(
        `${what}, and could not be moved aside (${codeOf(error)}). Headroom starts without it: enter the secret ` +
          'again under Connection.',
      );
      return;
    }
    this.#onProblem(
      `${what}, so Headroom starts without it: enter the secret again under Connection. The old file was kept as ` +
        `${basename(aside)}.`,
    );
  }
}

function secretFile(kept: SecretFile['kept'], bytes: Buffer): SecretFile {
  return { format: 'headroom-secret', version: 1, kept, data: bytes.toString('base64') };
}

function secretFileIn(text: string): SecretFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Partial<SecretFile>;
  const known =
    record.format === 'headroom-secret' &&
    record.version === 1 &&
    (record.kept === 'safe-storage' || record.kept === 'unencrypted') &&
    typeof record.data === 'string';
  return known ? (record as SecretFile) : undefined;
}
