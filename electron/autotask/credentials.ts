import { z } from 'zod';
import { AutotaskError } from './errors';

/** An Autotask API user: the username, its secret, and the integration's tracking identifier. */
export interface Credentials {
  username: string;
  secret: string;
  integrationCode: string;
  /** Act as this resource (the API user needs the impersonation permission). */
  impersonationResourceId?: number;
}

/**
 * The secret travels in a header, and a header carries bytes, not characters: fetch cannot send one above U+00FF
 * at all (it failed as "could not reach Autotask"), and one from U+0080 goes as a Latin-1 byte Autotask need not
 * read as meant. The secrets Autotask generates are plain ASCII, so anything else is a slip of the paste.
 */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Why `secret` cannot be sent as it is, naming where (never what) the stray character is; undefined: it can. */
export function secretCharacterProblem(secret: string): string | undefined {
  if (PLAIN_ASCII.test(secret)) return undefined;
  const position = [...secret].findIndex((character) => !PLAIN_ASCII.test(character)) + 1;
  return (
    `API secret has a character that is not a plain ASCII letter, digit or symbol (character ${position}): ` +
    'Autotask secrets have none, and a header cannot carry one reliably; copy the secret again from the API user'
  );
}

const credentialsSchema = z.object({
  username: z.string('the API username must be text').trim().min(1, 'the API username is empty'),
  secret: z
    .string('the API secret must be text')
    .min(1, 'the API secret is empty')
    .superRefine((secret, context) => {
      const problem = secretCharacterProblem(secret);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  integrationCode: z.string('the integration code must be text').trim().min(1, 'the integration code is empty'),
  impersonationResourceId: z
    .number('the impersonation resource id must be a number')
    .int('the impersonation resource id must be a whole number')
    .positive('the impersonation resource id must be positive')
    .optional(),
});

/** Checks credentials before any call; the error names the field that is wrong (never its value). */
export function checkCredentials(credentials: Credentials): Credentials {
  const result = credentialsSchema.safeParse(credentials);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => issue.message).join('; ');
  // Refused here, before any call: not 'bad-credentials', which says Autotask did not accept them.
  throw new AutotaskError('invalid-request', `Invalid Autotask credentials: ${problems}`, {
    userMessage: `The Autotask connection settings cannot be used: ${problems}.`,
  });
}

/** Whether both log in to Autotask the same way: the same API user, secret and integration code. */
export function sameLogin(a: Credentials, b: Credentials): boolean {
  return a.username === b.username && a.secret === b.secret && a.integrationCode === b.integrationCode;
}

/** The headers Autotask authenticates every call with (zoneInformation excepted). */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return {
    ApiIntegrationCode: credentials.integrationCode,
    UserName: credentials.username,
    Secret: credentials.secret,
    ...(credentials.impersonationResourceId === undefined
      ? {}
      : { ImpersonationResourceId: String(credentials.impersonationResourceId) }),
  };
}
