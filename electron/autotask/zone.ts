import { z } from 'zod';
import { AutotaskError } from './errors';
import { readShape } from './read-answer';

/**
 * Autotask tenants live on one of many zones (webservices1..29, ...). The zone is looked up by API username on a
 * well-known base URL, without authentication.
 */
export const DEFAULT_BASE_URL = 'https://webservices.autotask.net/ATServicesRest/';

const zoneSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

export function zoneInformationUrl(baseUrl: string, username: string): URL {
  const url = new URL('V1.0/zoneInformation', withTrailingSlash(baseUrl));
  url.searchParams.set('user', username);
  return url;
}

/** The zone's REST root, e.g. "https://webservices5.autotask.net/ATServicesRest/". */
export function readZoneUrl(json: unknown): string {
  return withTrailingSlash(readShape(zoneSchema, json, 'zoneInformation').url);
}

/** Autotask answers an unknown user with a 500 naming the zone lookup (tolerate a 404 too): say it plainly. */
export function asZoneLookupError(error: unknown, username: string): unknown {
  if (!(error instanceof AutotaskError) || (error.kind !== 'unknown-user' && error.kind !== 'not-found')) return error;
  return new AutotaskError('unknown-user', error.message, {
    status: error.status,
    userMessage: `Autotask does not know the API user "${username}". Check the API username in Settings.`,
  });
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
