/**
 * Where the API secret is kept: never in the settings file, never in a response or an event. The Electron shell
 * keeps it with safeStorage behind this same interface; the headless host keeps it in memory.
 */
import type { SecretKeeping } from '../contract';

export interface SecretStore {
  get(): string | undefined;
  /** An empty secret is no secret: the same as clear(). */
  set(secret: string): void;
  clear(): void;
  /** Where it is kept, so the UI can say what becomes of it; 'none' while nothing is stored. */
  readonly keeping: SecretKeeping;
}

/** The environment variable the headless host reads the secret from (never the command line, which others can read). */
export const SECRET_VARIABLE = 'HEADROOM_SECRET';

/**
 * The headless host's secret: from HEADROOM_SECRET or typed into the UI, kept until the process ends. A private
 * field, so neither util.inspect nor JSON.stringify of the store shows it.
 */
export class MemorySecretStore implements SecretStore {
  #secret: string | undefined;

  constructor(secret?: string) {
    this.set(secret ?? '');
  }

  static fromEnvironment(environment: NodeJS.ProcessEnv = process.env): MemorySecretStore {
    return new MemorySecretStore(environment[SECRET_VARIABLE]);
  }

  get keeping(): SecretKeeping {
    return this.#secret === undefined ? 'none' : 'memory';
  }

  get(): string | undefined {
    return this.#secret;
  }

  set(secret: string): void {
    this.#secret = secret === '' ? undefined : secret;
  }

  clear(): void {
    this.#secret = undefined;
  }
}
