import { useEffect, useRef } from 'react';
import type { HeadroomApi } from '../../../electron/contract';
import { wordsOf } from '../transport/client';
import { useClient } from './client-context';

export interface Load<T> {
  /** The contract call that reads it. */
  read: (api: HeadroomApi) => Promise<T>;
  /** What the reading does, for its failure in words: 'read the thresholds'. */
  doing: string;
  loaded: (value: T) => void;
  failed: (problem: string) => void;
  /** Read again this often while the component is shown; once, without it. */
  everyMs?: number;
}

/**
 * Reads what a component shows once it is mounted, and again when `deps` change: `loaded` with the answer, or
 * `failed` with what went wrong in words. An answer that arrives after the component is gone, or after a newer
 * reading started, is dropped.
 */
export function useLoad<T>(load: Load<T>, deps: readonly unknown[] = []): void {
  const { api } = useClient();
  // The latest callbacks, so a component's new closures each render do not start a new reading.
  const latest = useRef(load);
  latest.current = load;
  const { everyMs } = load;
  useEffect(() => {
    let active = true;
    const read = () => {
      const { read: call, doing } = latest.current;
      call(api).then(
        (value) => active && latest.current.loaded(value),
        (error: unknown) => active && latest.current.failed(wordsOf(error, doing)),
      );
    };
    read();
    const timer = everyMs === undefined ? undefined : setInterval(read, everyMs);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api, everyMs, ...deps]);
}
