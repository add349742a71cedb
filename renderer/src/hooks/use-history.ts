import { useEffect, useState } from 'react';
import type { HourRow } from '../../../electron/core/usage/history-snapshot';
import { wordsOf } from '../transport/client';
import { useClient } from './client-context';

const REFRESH_MS = 60_000;

export type HistoryState = { rows: HourRow[] } | { problem: string } | undefined;

/** The last 24 hours, fetched when shown and once a minute after (an hour's figures change slowly). */
export function useHistory(hours = 24): [HistoryState, () => void] {
  const { api } = useClient();
  const [state, setState] = useState<HistoryState>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let active = true;
    const load = () =>
      api.usageHistory({ hours }).then(
        (rows) => active && setState({ rows }),
        (error: unknown) => active && setState({ problem: wordsOf(error, 'read the usage history') }),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api, hours, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}
