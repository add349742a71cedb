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

const credentialsSchema = z.object({
  username: z.string('the API username must be text').trim().min(1, 'the API username is empty'),
  secret: z.string('the API secret must be text').min(1, 'the API secret is empty'),
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
  throw new AutotaskError('bad-credentials', `Invalid Autotask credentials: ${problems}`, {
    userMessage: `The Autotask connection settings are incomplete: ${problems}.`,
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
