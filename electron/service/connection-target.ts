import type { Credentials } from '../autotask';
import { isDemoMode, type Settings } from '../core/settings/settings';

/** What a Monitor is pointed at: where zone discovery starts, and who it calls Autotask as. */
export interface ConnectionTarget {
  autotaskBaseUrl: string;
  credentials: Credentials;
}

/** Nothing to connect to, and why, in words that say what to do. */
export interface NoTarget {
  why: string;
}

/**
 * Who to watch: the stored connection with the stored secret, or, while none is set up (demo mode), the demo's
 * simulated tenant when there is one. Once a username is set, the stored connection wins over the demo.
 */
export function connectionTarget(
  settings: Settings,
  secret: string | undefined,
  demo: ConnectionTarget | undefined,
): ConnectionTarget | NoTarget {
  const { connection } = settings;
  if (isDemoMode(connection)) {
    return (
      demo ?? {
        why:
          'No Autotask connection is set up yet: enter the API username, secret and integration code in the ' +
          'connection settings.',
      }
    );
  }
  if (secret === undefined) {
    return { why: `No API secret is stored for ${connection.username}: enter it in the connection settings.` };
  }
  const credentials: Credentials = {
    username: connection.username,
    secret,
    integrationCode: connection.integrationCode,
    ...(connection.impersonationResourceId === undefined
      ? {}
      : { impersonationResourceId: connection.impersonationResourceId }),
  };
  return { autotaskBaseUrl: connection.autotaskBaseUrl, credentials };
}

export function isTarget(target: ConnectionTarget | NoTarget): target is ConnectionTarget {
  return 'credentials' in target;
}
