import type { Snapshot } from '../../../electron/contract';
import type { Link } from '../transport/client';

export type ConnectionTone = 'ok' | 'warning' | 'problem';

export interface ConnectionStatus {
  tone: ConnectionTone;
  /** A word or two for the header: "Connected", "Offline". */
  label: string;
  /** What went wrong and what to do, when something did. */
  detail?: string;
}

/** How well Headroom sees the tenant, and whether the popover hears Headroom at all. */
export function connectionStatus(snapshot: Snapshot | undefined, link: Link): ConnectionStatus {
  if (link === 'lost') {
    return {
      tone: 'problem',
      label: 'Headroom lost',
      detail: 'Connection to Headroom lost: it is not answering. The figures below are from before; retrying…',
    };
  }
  if (!snapshot) return { tone: 'warning', label: 'Connecting…' };
  const { health, lastError } = snapshot.connection;
  const detail = lastError ? { detail: lastError } : {};
  switch (health) {
    case 'ok':
      return { tone: 'ok', label: snapshot.mode === 'demo' ? 'Demo tenant' : 'Connected' };
    case 'degraded':
      return { tone: 'warning', label: 'Readings failing', ...detail };
    case 'offline':
      return { tone: 'problem', label: 'Offline', ...detail };
    case 'auth-failed':
      return { tone: 'problem', label: 'Not connected', ...detail };
  }
}
