import type { ConnectionTest, SecretKeeping } from '../../../electron/contract';
import type { Formats } from './format';

export interface Outcome {
  ok: boolean;
  title: string;
  text: string;
}

const failureTitles: Record<Extract<ConnectionTest, { ok: false }>['kind'], string> = {
  'bad-credentials': 'Wrong secret',
  'unknown-user': 'Unknown user',
  offline: 'Offline',
  'rate-limited': 'Autotask is refusing calls',
  invalid: 'Check the fields',
  other: 'Could not test',
};

/** Test connection's answer in words: what is wrong, or that it works and the tenant's limit. */
export function connectionTestOutcome(test: ConnectionTest, formats: Formats): Outcome {
  if (!test.ok) return { ok: false, title: failureTitles[test.kind], text: test.message };
  return {
    ok: true,
    title: 'Connection works',
    text: `The tenant has used ${formats.count(test.used)} of its ${formats.count(test.limit)} calls in the last ${formats.minutes(test.timeframeMinutes)} min.`,
  };
}

/** Where a new secret would be kept, said before it is saved; plain text must be agreed to. */
export function secretKeepingNote(
  keeping: SecretKeeping,
  stored: boolean,
): { text: string; needsConsent: boolean } | undefined {
  switch (keeping) {
    case 'keychain':
      return { text: 'The secret is kept in the system keychain, encrypted.', needsConsent: false };
    case 'plain-text':
      return {
        text: `This computer has no keyring Headroom can use: the secret ${stored ? 'is' : 'would be'} stored on disk unencrypted, readable by anyone who can read your files.`,
        needsConsent: true,
      };
    case 'memory':
      return {
        text: 'The secret is kept in memory only: after Headroom restarts it must be entered again (or set HEADROOM_SECRET).',
        needsConsent: false,
      };
    case 'none':
      return undefined;
  }
}
