import type { IncomingHttpHeaders } from 'node:http';
import { AutotaskError } from './errors';
import type { ApiUser } from './options';

/**
 * Checks the three headers of an Autotask call, with Autotask's statuses: an unknown or missing UserName is a
 * 500, a wrong Secret a 401, an unknown ApiIntegrationCode a 500. No message ever repeats the Secret.
 * Integration codes match in any letter case; the user's own spelling is what the window counts under.
 */
export function authenticate(users: readonly ApiUser[], headers: IncomingHttpHeaders): ApiUser {
  const username = single(headers.username);
  if (!username) throw new AutotaskError(500, 'The UserName header is missing: name the API user making the call.');
  const user = userNamed(users, username);
  if (!user) throw new AutotaskError(500, `Unable to authenticate: ${username} is not an API user of this database.`);
  if (single(headers.secret) !== user.secret) {
    throw new AutotaskError(401, 'Unauthorized: the Secret does not match this API user.');
  }
  const integrationCode = single(headers.apiintegrationcode);
  if (!integrationCode) throw new AutotaskError(500, 'The ApiIntegrationCode header is missing.');
  if (integrationCode.toLowerCase() !== user.integrationCode.toLowerCase()) {
    throw new AutotaskError(500, `The ApiIntegrationCode ${integrationCode} is not valid for this API user.`);
  }
  const impersonation = single(headers.impersonationresourceid);
  if (impersonation !== undefined && !/^\d+$/.test(impersonation)) {
    throw new AutotaskError(500, 'ImpersonationResourceId must be the id of a resource (a whole number).');
  }
  return user;
}

/** The zone lookup matches the user name in any letter case, as e-mail addresses are. */
export function userNamed(users: readonly ApiUser[], username: string): ApiUser | undefined {
  return users.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
}

function single(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
