import type { SafeStorageLike } from '../../../electron/shell/safe-storage-secret-store';

/** A stand-in for safeStorage: a keyed scramble that only the same key undoes, as a keychain's key would. */
export function fakeSafeStorage(options: { key?: number; backend?: string; available?: boolean } = {}) {
  const key = options.key ?? 0x5a;
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ key));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plainText: string): Buffer {
      if (options.available === false) throw new Error('Encryption is not available.');
      return Buffer.concat([Buffer.from([key]), scramble(Buffer.from(plainText, 'utf8'))]);
    },
    decryptString(encrypted: Buffer): string {
      if (encrypted[0] !== key) throw new Error('Error while decrypting the ciphertext provided to safeStorage.');
      return scramble(encrypted.subarray(1)).toString('utf8');
    },
    ...(options.backend === undefined ? {} : { getSelectedStorageBackend: () => options.backend ?? 'unknown' }),
  } satisfies SafeStorageLike;
}
