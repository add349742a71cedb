import { useEffect, useState } from 'react';
import type { Snapshot } from '../../../electron/contract';
import type { Link } from '../transport/client';
import { nextAfterWake, type AfterWake } from '../view/wake-view';
import { useClient } from './client-context';

export interface Live {
  snapshot: Snapshot | undefined;
  link: Link;
  /** What became of the last Wake Up while the connection has not left sleep on its own (see wake-view.ts). */
  afterWake: AfterWake;
}

/**
 * The newest snapshot and whether the line to Headroom is up. It listens before it asks, so no change falls
 * between the two; a snapshot older than the one shown is ignored.
 */
export function useLive(first?: Snapshot): Live {
  const client = useClient();
  const [live, setLive] = useState<Live>(() => ({
    snapshot: first,
    link: client.link(),
    afterWake: first && nextAfterWake(undefined, first),
  }));
  useEffect(() => {
    let active = true;
    const take = (snapshot: Snapshot) => {
      if (!active) return;
      setLive((current) =>
        current.snapshot && current.snapshot.at > snapshot.at
          ? current
          : { ...current, snapshot, afterWake: nextAfterWake(current.afterWake, snapshot) },
      );
    };
    const stopSnapshots = client.api.on('snapshotChanged', take);
    const stopLink = client.onLinkChange((link) => active && setLive((current) => ({ ...current, link })));
    client.api.snapshot().then(take, () => undefined);
    return () => {
      active = false;
      stopSnapshots();
      stopLink();
    };
  }, [client]);
  return live;
}
