import type { ConnectionStatus, ConnectionTransition } from '../usage/connection';
import type { News } from './news';
import type { Notice } from './notice';
import { formatDuration, paragraph } from './words';

export const connectionKeys = ['working', 'offline', 'auth-failed'] as const;
export type ConnectionKey = (typeof connectionKeys)[number];

/** Degraded is working: a few failed polls with a recent sample in hand are not worth an interruption. */
function keyOf(status: ConnectionStatus): ConnectionKey {
  return status.health === 'ok' || status.health === 'degraded' ? 'working' : status.health;
}

/** Losing contact and rejected credentials are news; coming back is recorded silently (the tray shows it). */
export function connectionNews({ from, to, at }: ConnectionTransition): News<ConnectionKey> | undefined {
  const key = keyOf(to);
  if (key === keyOf(from)) return undefined;
  if (key === 'working') return { key, bad: false };
  return { key, bad: true, notice: key === 'offline' ? lostNotice(to, at) : rejectedNotice(to) };
}

export function connectionFlapping(changes: number, duration: string): string {
  return `The connection changed state ${changes} times in the last ${duration}.`;
}

function lostNotice(to: ConnectionStatus, at: number): Notice {
  const seen = to.lastSampleAt;
  return {
    kind: 'connection-lost',
    title: 'Lost contact with Autotask',
    body: paragraph(
      seen === undefined
        ? "Headroom cannot read the tenant's API usage."
        : `Headroom has not been able to read the tenant's API usage for ${formatDuration(at - seen)}.`,
      to.lastError ?? '',
      seen === undefined
        ? 'Until it can, it cannot tell how close the tenant is to its limit.'
        : 'Until it can, it does not assume the tenant is idle: it keeps counting from what it last saw.',
    ),
  };
}

function rejectedNotice(to: ConnectionStatus): Notice {
  return {
    kind: 'credentials-rejected',
    title: 'Autotask rejected the API credentials',
    body: paragraph(
      to.lastError ?? '',
      "Headroom cannot read the tenant's API usage until the API username, secret and integration code are corrected in Settings.",
    ),
  };
}
