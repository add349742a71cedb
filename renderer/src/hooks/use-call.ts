import { useCallback, useEffect, useRef, useState } from 'react';
import { wordsOf } from '../transport/client';

export type CallState<T> =
  { status: 'idle' } | { status: 'busy' } | { status: 'done'; value: T } | { status: 'failed'; message: string };

/**
 * A contract call started by the user (a button): busy while it runs, then its answer or what went wrong in words.
 * An answer that arrives after the component is gone is dropped.
 */
export function useCall<A extends unknown[], T>(
  run: (...args: A) => Promise<T>,
  doing: string,
): [CallState<T>, (...args: A) => Promise<T | undefined>] {
  const [state, setState] = useState<CallState<T>>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const start = useCallback(
    async (...args: A) => {
      setState({ status: 'busy' });
      try {
        const value = await run(...args);
        if (mounted.current) setState({ status: 'done', value });
        return value;
      } catch (error) {
        if (mounted.current) setState({ status: 'failed', message: wordsOf(error, doing) });
        return undefined;
      }
    },
    [run, doing],
  );
  return [state, start];
}
