import { useState } from 'react';
import type { HourRow } from '../../../electron/core/usage/history-snapshot';
import { useLoad } from './use-load';

const REFRESH_MS = 60_000;

export type HistoryState = { rows: HourRow[] } | { problem: string } | undefined;

/** The last 24 hours, fetched when shown and once a minute after (an hour's figures change slowly). */
export function useHistory(hours = 24): [HistoryState, () => void] {
  const [state, setState] = useState<HistoryState>();
  const [attempt, setAttempt] = useState(0);
  useLoad(
    {
      read: (api) => api.usageHistory({ hours }),
      doing: 'read the usage history',
      loaded: (rows) => setState({ rows }),
      failed: (problem) => setState({ problem }),
      everyMs: REFRESH_MS,
    },
    [hours, attempt],
  );
  return [state, () => setAttempt((n) => n + 1)];
}
